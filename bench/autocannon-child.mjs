// Runs autocannon in its own process (so the load generator does not share the server's
// event loop) and prints its JSON result. Input: one JSON argument with autocannon's options,
// including `requests` (an array of request shapes that each connection cycles through).
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
