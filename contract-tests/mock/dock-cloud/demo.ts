/**
 * Fixed data every dock cloud mock holds, whatever its seed, for the docs and the tests: an
 * organization with a binding code, an unbound dock and drone to bind to it, and a dock that is
 * bound already.
 */
export const DEMO = {
  /** The demo dock: the gateway whose topics the examples use. Unbound at start. */
  gatewaySn: '4TADL2E001002D',
  gatewayModelKey: '3-1-0',
  /** The demo dock's drone (Matrice 30). Unbound at start. */
  droneSn: '1581F5BKD223K00A0001',
  droneModelKey: '0-67-0',
  organizationId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  organizationName: 'Demo organization',
  bindingCode: 'DEMO42',
  /** A second dock, bound to the demo organization from the start. */
  boundDevice: { sn: '4TADL2E001002B', callsign: 'Demo dock B', modelKey: '3-1-0' },
} as const;
