import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The webhooks section's pages (mounted at /webhooks/* by app/routes.tsx). */
export function WebhooksRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Webhooks" />} />
    </Routes>
  );
}
