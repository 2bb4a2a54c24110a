"""Model providers. The only package that imports openai, instructor or llama_cpp."""
