"""Input controllers: each turns raw Qt events (or time) into navigator commands, nothing else."""
