import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The deliveries section's pages (mounted at /deliveries/* by app/routes.tsx). */
export function DeliveriesRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Deliveries" />} />
    </Routes>
  );
}
