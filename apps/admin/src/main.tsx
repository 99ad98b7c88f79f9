import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { createApolloClient } from './app/apollo';
import { theme } from './app/theme';
import { browserStorage, createTokenStore } from './modules/auth/token-store';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';

const tokens = createTokenStore(browserStorage());
const client = createApolloClient({ tokens });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      {/* Bottom right: at the top they covered the page header's actions for their 4 seconds. */}
      <Notifications position="bottom-right" />
      <ApolloProvider client={client}>
        <BrowserRouter>
          <App tokens={tokens} />
        </BrowserRouter>
      </ApolloProvider>
    </MantineProvider>
  </StrictMode>,
);
