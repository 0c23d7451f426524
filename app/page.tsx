// The IDE page. Everything interactive is client-side (see WorkbenchLoader).
import { WorkbenchLoader } from '../components/WorkbenchLoader';

export const dynamic = 'force-dynamic';

export default function Page() {
  return <WorkbenchLoader />;
}
