import { useSyncExternalStore } from 'react';
import { SignInPage } from '../modules/auth/pages/SignInPage';
import type { TokenStore } from '../modules/auth/token-store';
import { AppRoutes } from './routes';
import { Shell } from './Shell';

interface AppProps {
  tokens: TokenStore;
}

/** Signed out: the sign-in screen. Signed in: the console. */
export function App({ tokens }: AppProps) {
  const token = useSyncExternalStore(tokens.subscribe, tokens.get);

  if (token === null) return <SignInPage onSignedIn={tokens.set} />;
  return (
    <Shell onSignOut={tokens.clear} onSession={tokens.set}>
      <AppRoutes />
    </Shell>
  );
}
