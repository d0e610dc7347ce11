// A PDF text worker that comes up and then never answers (an endless loop), for the extractor's time budget test.
process.send?.({ id: 0, text: null });
process.on('message', () => {
  for (;;) {
    // A crafted PDF that never ends.
  }
});
