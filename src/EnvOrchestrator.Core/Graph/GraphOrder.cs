using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Graph;

/// <summary>
/// Deploy waves (wave n depends only on waves before it) or, when the graph is not a DAG, the cycle that prevents it.
/// Destroy runs the waves backwards, so no resource is destroyed while something that consumes its outputs remains.
/// </summary>
public sealed record GraphOrder(ImmutableArray<ImmutableArray<string>> Waves, ImmutableArray<string> Cycle)
{
    public bool HasCycle => !Cycle.IsEmpty;

    public ImmutableArray<ImmutableArray<string>> DestroyWaves => [.. Waves.Reverse()];

    /// <summary>All nodes in deploy order (wave by wave).</summary>
    public ImmutableArray<string> DeployOrder => [.. Waves.SelectMany(w => w)];

    public ImmutableArray<string> DestroyOrder => [.. DestroyWaves.SelectMany(w => w)];

    public string CycleText => string.Join(" -> ", Cycle);
}
