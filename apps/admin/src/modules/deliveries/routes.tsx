import { Navigate, Route, Routes, useParams } from 'react-router';
import { NotFound } from '../../app/routes';
import { DeliveryLogPage } from './pages/DeliveryLogPage';

/** The delivery log (mounted at /deliveries/* by app/routes.tsx); a delivery opens in a drawer (?delivery=<id>). */
export function DeliveriesRoutes() {
  return (
    <Routes>
      <Route index element={<DeliveryLogPage />} />
      <Route path=":id" element={<DeliveryLink />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** /deliveries/<id>: the log with that delivery's drawer open. */
function DeliveryLink() {
  const { id } = useParams();
  return <Navigate to={`/deliveries?delivery=${encodeURIComponent(id ?? '')}`} replace />;
}
