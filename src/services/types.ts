import type { Db } from '../../db/connection.js';
import type { UiText } from '../domain/ui-text.js';
import { translate } from '../i18n.js';

/** A transaction handle of the (synchronous) better-sqlite3 driver. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** A problem with user input that the user can fix; `message` is German and shown as is. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * Input refused for problems the user can fix, each named by its UI text (domain/ui-text.ts):
 * whoever shows them makes them German (`uiTextOf`), a page in its list of problems, the command
 * line in its output.
 */
export class RefusedError extends Error {
  constructor(readonly problems: readonly UiText[]) {
    super(`refused: ${problems.map((problem) => problem.key).join(', ')}`);
    this.name = 'RefusedError';
  }
}

export class NotFoundError extends Error {
  /** Lets the HTTP error handler answer with the 404 page. */
  readonly statusCode = 404;

  constructor(message = 'Nicht gefunden.') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The viewer may not do this; the HTTP layer answers 403. */
export class ForbiddenError extends Error {
  readonly statusCode = 403;

  constructor(message = translate('error.forbiddenAction')) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
