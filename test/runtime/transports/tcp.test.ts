/** The shared transport suite over TCP, driven by the line-based client in test/helpers. */
import { LineClientTransport, openLineChannel, socketAddress } from "../../helpers/line-client.js";
import { serveProcess } from "./served.js";
import { transportSuite } from "./transport-suite.js";

transportSuite({
  name: "TCP",
  async start(entry) {
    const served = await serveProcess(entry, ["--transport", "tcp", "--port", "0"], "TCP");
    return {
      clientTransport: () => new LineClientTransport(socketAddress(served.url)),
      raw: () => openLineChannel(socketAddress(served.url)),
      stderr: served.stderr,
      stop: served.stop,
    };
  },
});
