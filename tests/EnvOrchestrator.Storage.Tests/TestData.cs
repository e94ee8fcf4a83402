using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public static EnvironmentId Id(string name, string project = "team-a") => EnvironmentId.Parse(project, name);

    public static EnvironmentRecord Environment(string name, string project = "team-a", DateTimeOffset? expiresAt = null, string template = "web-stack") =>
        EnvironmentRecord.Create(
            Id(name, project),
            Reference(template + "@^1.0"),
            new SemVersion(1, 2, 0),
            Map(("region", Value.Of("westeurope"))),
            [Resource("network"), Resource("cache")],
            "alice@example.com",
            Now,
            expiresAt);

    public static ResourceRecord Resource(string name) => new()
    {
        Name = name,
        Template = Reference(name + "@^1"),
        ResolvedVersion = new SemVersion(1, 0, 3),
        StateAddress = "team-a/" + name,
    };

    public static TemplateReference Reference(string text) =>
        TemplateReference.TryParse(text, out var reference) ? reference : throw new ArgumentException(text, nameof(text));

    public static ImmutableSortedDictionary<string, Value> Map(params (string Key, Value Value)[] entries) =>
        entries.ToImmutableSortedDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>Every kind of value, sensitive and unknown ones, nested.</summary>
    public static ImmutableSortedDictionary<string, Value> EveryKind() => Map(
        ("text", Value.Of("héllo \"world\" / # ? \u0001")),
        ("secret", Value.Of("p@ss").AsSensitive()),
        ("number", Value.Of(1234567890.12345678m)),
        ("negative", Value.Of(-0.5m)),
        ("flag", Value.Of(true)),
        ("nothing", Value.Null),
        ("later", new UnknownValue(ValueKind.String)),
        ("later-secret", new UnknownValue(ValueKind.Map).AsSensitive()),
        ("list", new ListValue([Value.Of("a"), Value.Of(2m), new ListValue([Value.Of(false)]), new UnknownValue(ValueKind.Number)])),
        ("map", new MapValue(Map(("inner", new MapValue(Map(("key", Value.Of("v").AsSensitive())))), ("empty", MapValue.Empty))).AsSensitive()));

    public static RunRecord Run(EnvironmentId environment, DateTimeOffset createdAt, string suffix = "0000000a") => new()
    {
        Id = RunId.New(createdAt, suffix),
        Environment = environment,
        Kind = RunKind.Deploy,
        RequestedBy = "alice@example.com",
    };

    /// <summary>Compares what the domain means by equal; records hold immutable collections, which compare by reference.</summary>
    public static void AssertSame(EnvironmentRecord expected, EnvironmentRecord actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Template.ToString(), actual.Template.ToString());
        Assert.Equal(expected.TemplateVersion, actual.TemplateVersion);
        Assert.Equal(expected.Status, actual.Status);
        AssertSame(expected.Inputs, actual.Inputs);
        AssertSame(expected.Outputs, actual.Outputs);
        Assert.Equal(expected.Resources.Length, actual.Resources.Length);
        foreach (var (e, a) in expected.Resources.Zip(actual.Resources))
        {
            Assert.Equal(e with { Template = a.Template, Inputs = a.Inputs, Outputs = a.Outputs }, a);
            Assert.Equal(e.Template.ToString(), a.Template.ToString());
            AssertSame(e.Inputs, a.Inputs);
            AssertSame(e.Outputs, a.Outputs);
        }

        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.CreatedBy, actual.CreatedBy);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.ExtensionCount, actual.ExtensionCount);
        Assert.Equal(expected.CurrentRunId, actual.CurrentRunId);
        Assert.Equal(expected.Failure, actual.Failure);
        Assert.Equal(expected.FailedResource, actual.FailedResource);
        Assert.Equal(expected.Approval is null, actual.Approval is null);
        if (expected.Approval is { } approval)
        {
            Assert.Equal(approval with { Reasons = [] }, actual.Approval! with { Reasons = [] });
            Assert.Equal(approval.Reasons.ToArray(), actual.Approval!.Reasons.ToArray());
        }
    }

    public static void AssertSame(ImmutableSortedDictionary<string, Value> expected, ImmutableSortedDictionary<string, Value> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected)
        {
            Assert.Equal(value, actual[key]);
            Assert.Equal(value.IsSensitive, actual[key].IsSensitive);
            Assert.Equal(value.GetType(), actual[key].GetType());
        }
    }
}
