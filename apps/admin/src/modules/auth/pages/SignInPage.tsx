import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import { LOGIN } from '../graphql/auth.operations';

interface SignInPageProps {
  onSignedIn: (token: string) => void;
}

export function SignInPage({ onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [login, { loading }] = useMutation(LOGIN);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      if (data) onSignedIn(data.login.token);
    } catch (error) {
      setFailure(apiErrorMessage(error));
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in__card" onSubmit={submit} aria-busy={loading}>
        <h1 className="brand">Conduit</h1>
        <p className="muted">Sign in to manage webhooks and integrations.</p>

        <label className="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>

        {failure && (
          <p className="alert alert--error" role="alert">
            {failure}
          </p>
        )}

        <button className="button button--primary" type="submit" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
