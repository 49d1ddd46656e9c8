import { forgetPaces } from '../../packages/core/concurrency';

// Each test starts as a fresh n8n process would: no concurrency learned, no pause pending.
beforeEach(() => forgetPaces());
