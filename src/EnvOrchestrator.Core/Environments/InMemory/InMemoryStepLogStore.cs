namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>An <see cref="IStepLogStore"/> in memory, byte-compatible with the blob store (<see cref="StepLogFormat"/>).</summary>
public sealed class InMemoryStepLogStore : IStepLogStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StepLogId, List<byte>> _logs = [];

    public Task AppendAsync(StepLogId log, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return Task.CompletedTask;
        }

        var bytes = StepLogFormat.Encode(lines);
        lock (_gate)
        {
            if (!_logs.TryGetValue(log, out var content))
            {
                content = [];
                _logs.Add(log, content);
            }

            content.AddRange(bytes);
        }

        return Task.CompletedTask;
    }

    public Task<LogChunk> ReadAsync(StepLogId log, long offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        byte[] slice;
        lock (_gate)
        {
            if (!_logs.TryGetValue(log, out var content) || offset >= content.Count)
            {
                return Task.FromResult(new LogChunk([], offset));
            }

            var start = (int)offset;
            slice = content.GetRange(start, Math.Min(StepLogFormat.MaxChunkBytes, content.Count - start)).ToArray();
        }

        return Task.FromResult(StepLogFormat.Decode(slice, offset));
    }

    public Task DeleteRunAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            foreach (var log in _logs.Keys.Where(k => k.Environment == environment && k.Run == run).ToList())
            {
                _logs.Remove(log);
            }
        }

        return Task.CompletedTask;
    }
}
