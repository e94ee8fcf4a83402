using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Graph;

public sealed class DependencyGraphTests
{
    private static DependencyGraph Graph(params (string Node, string[] Deps)[] nodes) =>
        new(nodes.Select(n => new KeyValuePair<string, IEnumerable<string>>(n.Node, n.Deps)));

    [Fact]
    public void Order_Diamond_GivesThreeWaves()
    {
        var graph = Graph(("app", ["cache", "db"]), ("cache", ["net"]), ("db", ["net"]), ("net", []));

        var order = graph.Order();

        Assert.Equal(3, order.Waves.Length);
        Assert.Equal(["net"], order.Waves[0].AsEnumerable());
        Assert.Equal(["cache", "db"], order.Waves[1].AsEnumerable());
        Assert.Equal(["app"], order.Waves[2].AsEnumerable());
    }

    [Fact]
    public void DestroyOrder_Diamond_IsReverseOfDeploy()
    {
        var graph = Graph(("app", ["cache", "db"]), ("cache", ["net"]), ("db", ["net"]), ("net", []));

        var order = graph.Order();

        Assert.Equal(["app", "cache", "db", "net"], order.DestroyOrder.AsEnumerable());
        Assert.Equal(["net", "cache", "db", "app"], order.DeployOrder.AsEnumerable());
    }

    [Fact]
    public void Order_IndependentNodes_ShareTheFirstWave()
    {
        var order = Graph(("b", []), ("a", []), ("c", [])).Order();

        Assert.Equal(["a", "b", "c"], Assert.Single(order.Waves).AsEnumerable());
    }

    [Fact]
    public void Order_LongestPathDecidesWave()
    {
        var order = Graph(("a", []), ("b", ["a"]), ("c", ["b"]), ("d", ["a", "c"])).Order();

        Assert.Equal(["d"], order.Waves[3].AsEnumerable());
    }

    [Fact]
    public void Order_ThreeNodeCycle_ReportsPath()
    {
        var order = Graph(("a", ["b"]), ("b", ["c"]), ("c", ["a"])).Order();

        Assert.True(order.HasCycle);
        Assert.Empty(order.Waves);
        Assert.Equal("a -> b -> c -> a", order.CycleText);
    }

    [Fact]
    public void FindCycle_SelfDependency_ReportsSingleNodeLoop()
    {
        var cycle = Graph(("a", ["a"])).FindCycle();

        Assert.Equal(["a", "a"], cycle.AsEnumerable());
    }

    [Fact]
    public void FindCycle_CycleBehindAcyclicPrefix_ReportsOnlyTheCycle()
    {
        var cycle = Graph(("root", ["x"]), ("x", ["y"]), ("y", ["x"])).FindCycle();

        Assert.Equal(["x", "y", "x"], cycle.AsEnumerable());
    }

    [Fact]
    public void DependenciesOf_UnknownNode_IsIgnored()
    {
        var graph = Graph(("a", ["ghost"]));

        Assert.Empty(graph.DependenciesOf("a"));
        Assert.Single(graph.Order().Waves);
    }

    [Fact]
    public void Build_OutputReferencesAndDependsOn_BothCreateEdges()
    {
        var template = new EnvironmentTemplate("e", new SemVersion(1, 0, 0))
        {
            Resources =
            [
                new EnvironmentResource("net", new TemplateReference("net", VersionRange.Any)),
                new EnvironmentResource("logs", new TemplateReference("logs", VersionRange.Any)),
                new EnvironmentResource("db", new TemplateReference("db", VersionRange.Any))
                {
                    Inputs = new SortedDictionary<string, Value>(StringComparer.Ordinal)
                    {
                        ["subnet"] = Value.Of("${resources.net.outputs.subnet_id}"),
                    }.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    DependsOn = ["logs"],
                },
            ],
        };

        var order = EnvironmentGraph.Build(template).Order();

        Assert.Equal(["logs", "net"], order.Waves[0].AsEnumerable());
        Assert.Equal(["db"], order.Waves[1].AsEnumerable());
    }
}
