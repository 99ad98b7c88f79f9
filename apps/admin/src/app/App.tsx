import { useSyncExternalStore } from 'react';
import { SignInPage } from '../modules/auth/pages/SignInPage';
import type { TokenStore } from '../modules/auth/token-store';
import { WebhooksPage } from '../modules/webhooks/pages/WebhooksPage';
import { Layout } from './Layout';

interface AppProps {
  tokens: TokenStore;
}

/** Signed out: the sign-in screen. Signed in: the console (for now, its webhooks page). */
export function App({ tokens }: AppProps) {
  const token = useSyncExternalStore(tokens.subscribe, tokens.get);

  if (token === null) return <SignInPage onSignedIn={tokens.set} />;
  return (
    <Layout onSignOut={tokens.clear}>
      <WebhooksPage />
    </Layout>
  );
}
