"""Input and output: finding and decoding inputs, the batch loops, writing
clean texts, records and summaries atomically."""
