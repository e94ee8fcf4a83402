using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>Lines read from a step log and the offset to read from next.</summary>
public sealed record LogChunk(ImmutableArray<string> Lines, long NextOffset);
