// Keeps API keys out of anything that could be logged or shown: error messages, config errors,
// echoed upstream bodies. Known secrets are replaced outright; key-shaped strings are masked too,
// because an upstream may echo a key we were not told about (e.g. from another variable).
const KEY_SHAPES = /\b(?:sk|pk|rk|csk|gsk|xai|key)-[A-Za-z0-9_-]{8,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_SHAPES, '[redacted]');
}
