// mockpass (the Singpass/Corppass test double) on loopback only: its own index.js listens on
// every interface, which a developer machine should not expose.
const { app } = require('@opengovsg/mockpass/app')

const port = Number(process.env.PORT || 5156)
const host = process.env.HOST || '127.0.0.1'

app.listen(port, host, () => console.warn(`MockPass listening on ${host}:${port}`))
