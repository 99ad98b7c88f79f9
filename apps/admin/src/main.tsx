import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createApolloClient } from './app/apollo';
import { browserStorage, createTokenStore } from './modules/auth/token-store';
import './styles.css';

const tokens = createTokenStore(browserStorage());
const client = createApolloClient({ tokens });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App tokens={tokens} />
    </ApolloProvider>
  </StrictMode>,
);
