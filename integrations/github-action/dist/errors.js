/** A failure the action explains itself (bad input, a refused request, a failed run): message shown, exit code 1. */
export class ActionError extends Error {
  constructor(message, { title, details } = {}) {
    super(message);
    this.name = 'ActionError';
    this.title = title;
    this.details = details ?? [];
  }
}
