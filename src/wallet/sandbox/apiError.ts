import { API_ERROR_STATUS, type ApiErrorBody } from '../schemas';

/** An error the sandbox answers with; the body is typed by the contract so it cannot drift from it. */
export class SandboxApiError extends Error {
  readonly status: number;
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.status = API_ERROR_STATUS[body.code];
  }
}
