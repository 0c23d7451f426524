// Kept only so components/steering/InstructionBox.tsx (on another branch) still builds: once that
// branch is merged, point its import at ./handoffGhost and delete this file.
export { handOffGhost } from './handoffGhost';
