import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { WebhookCreatePage } from './pages/WebhookCreatePage';
import { WebhookDetailPage } from './pages/WebhookDetailPage';
import { WebhookEditPage } from './pages/WebhookEditPage';
import { WebhooksListPage } from './pages/WebhooksListPage';

/** The webhooks section's pages (mounted at /webhooks/* by app/routes.tsx). */
export function WebhooksRoutes() {
  return (
    <Routes>
      <Route index element={<WebhooksListPage />} />
      <Route path="new" element={<WebhookCreatePage />} />
      <Route path=":id" element={<WebhookDetailPage />} />
      <Route path=":id/edit" element={<WebhookEditPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
