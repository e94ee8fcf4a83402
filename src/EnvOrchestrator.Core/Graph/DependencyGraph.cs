using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Graph;

/// <summary>
/// Resources and what each depends on. Nodes are kept in declaration order so that waves and cycle reports are
/// deterministic. Edges to unknown nodes are ignored here; validation reports them.
/// </summary>
public sealed class DependencyGraph
{
    private readonly ImmutableArray<string> _nodes;
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _dependencies;

    public DependencyGraph(IEnumerable<KeyValuePair<string, IEnumerable<string>>> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var order = ImmutableArray.CreateBuilder<string>();
        var deps = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (node, dependsOn) in nodes)
        {
            if (deps.ContainsKey(node))
            {
                continue;
            }

            order.Add(node);
            deps[node] = [.. dependsOn.Distinct(StringComparer.Ordinal)];
        }

        _nodes = order.ToImmutable();
        _dependencies = deps.ToImmutable();
    }

    public ImmutableArray<string> Nodes => _nodes;

    public ImmutableArray<string> DependenciesOf(string node) =>
        _dependencies.TryGetValue(node, out var deps) ? [.. deps.Where(_dependencies.ContainsKey)] : [];

    /// <summary>
    /// Orders the nodes into waves: every node's dependencies are in earlier waves, so the nodes of one wave can run
    /// in parallel. Fails with the first cycle found.
    /// </summary>
    public GraphOrder Order()
    {
        var cycle = FindCycle();
        if (!cycle.IsEmpty)
        {
            return new GraphOrder([], cycle);
        }

        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in _nodes)
        {
            DepthOf(node, depth);
        }

        var waves = _nodes
            .GroupBy(n => depth[n])
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(n => n, StringComparer.Ordinal).ToImmutableArray())
            .ToImmutableArray();
        return new GraphOrder(waves, []);
    }

    /// <summary>A cycle as a path that returns to its start (<c>a, b, c, a</c>), or empty when there is none.</summary>
    public ImmutableArray<string> FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var stack = new List<string>();
        foreach (var node in _nodes)
        {
            var cycle = Visit(node, state, stack);
            if (!cycle.IsEmpty)
            {
                return cycle;
            }
        }

        return [];
    }

    private ImmutableArray<string> Visit(string node, Dictionary<string, int> state, List<string> stack)
    {
        if (state.TryGetValue(node, out var s))
        {
            if (s == 1)
            {
                var start = stack.IndexOf(node);
                return [.. stack.Skip(start), node];
            }

            return [];
        }

        state[node] = 1;
        stack.Add(node);
        foreach (var dependency in DependenciesOf(node))
        {
            var cycle = Visit(dependency, state, stack);
            if (!cycle.IsEmpty)
            {
                return cycle;
            }
        }

        stack.RemoveAt(stack.Count - 1);
        state[node] = 2;
        return [];
    }

    private int DepthOf(string node, Dictionary<string, int> depth)
    {
        if (depth.TryGetValue(node, out var known))
        {
            return known;
        }

        var deps = DependenciesOf(node);
        var value = deps.IsEmpty ? 0 : deps.Max(d => DepthOf(d, depth)) + 1;
        depth[node] = value;
        return value;
    }
}
