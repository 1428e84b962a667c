'use client';
// A failed control-plane call, as the operator needs it: code, message, and zod's field errors.
import { describeError } from '../_lib/control-plane-error.ts';

export function ErrorNote({ error, testId, title }: { error: unknown; testId?: string; title?: string }) {
  if (!error) return null;
  const { message, code, fieldErrors, formErrors } = describeError(error);
  const fields = Object.entries(fieldErrors);
  // zod's own message is the issue list as JSON; the field list below says it better.
  const invalidInput = fields.length > 0 || formErrors.length > 0;
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      <div className="error-note-head">
        {code && (
          <span className="badge" data-tone="error" data-testid={testId ? `${testId}-code` : undefined}>
            {code}
          </span>
        )}
        <span className="error-note-message" data-testid={testId ? `${testId}-message` : undefined}>
          {title ? `${title}: ` : ''}
          {invalidInput ? 'invalid input' : message}
        </span>
      </div>
      {code === 'UNAUTHORIZED' && (
        <p className="error-note-hint">Sign in with the access token in the banner at the top of the page.</p>
      )}
      {invalidInput && (
        <ul className="error-note-fields">
          {formErrors.map((text) => (
            <li key={text}>{text}</li>
          ))}
          {fields.map(([field, messages]) => (
            <li key={field}>
              <span className="mono">{field}</span>: {messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
