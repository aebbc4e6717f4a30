// core/v1 resource.Quantity as the API server parses it (e.g. 500m, 1Gi, 2, 1e3).
// A resource value outside it passes a CRD's int-or-string schema but makes the
// API server refuse the Deployment that carries it, so specs are checked against it.
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
