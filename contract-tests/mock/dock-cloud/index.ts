export { DEMO } from './demo.js';
export { dockCloudHandlers } from './handlers.js';
export { OrganizationRegistry, seededRegistry, type BindOutcome, type BindRequest, type DeviceBinding, type Organization } from './registry.js';
export { startDockCloudMock, type DockCloudMock, type DockCloudMockOptions } from './start.js';
