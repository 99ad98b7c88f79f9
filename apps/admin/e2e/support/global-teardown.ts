export { default } from '../../../api/test/support/global-teardown';
