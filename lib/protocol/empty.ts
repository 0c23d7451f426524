// Events that carry no arguments still take an object, so that every payload can be validated.
import { z } from 'zod';

export const emptySchema = z.object({}).strict();
