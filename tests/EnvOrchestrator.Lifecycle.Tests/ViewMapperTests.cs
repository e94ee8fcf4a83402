using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Lifecycle.Tests;

public sealed class ViewMapperTests
{
    [Fact]
    public void ToView_SensitiveAndUnknownValues_MaskedWithoutTheirContent()
    {
        var outputs = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, Value>
        {
            ["url"] = Value.Of("https://shop.apps.local"),
            ["key"] = Value.Of("s3cret").AsSensitive(),
            ["nested"] = new MapValue(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, Value> { ["password"] = Value.Of("hunter2").AsSensitive() })),
            ["later"] = new UnknownValue(ValueKind.String),
        });
        var now = DateTimeOffset.UnixEpoch;
        var record = EnvironmentRecord.Create(
            EnvironmentId.Parse("team-a", "shop"), new TemplateReference("web-stack", VersionRange.Any), new SemVersion(1, 0, 0), outputs, [], "alice", now, null) with
        { Outputs = outputs, Version = "\"1\"" };

        var view = ViewMapper.ToView(record);

        Assert.Equal("https://shop.apps.local", view.Outputs["url"].Value?.GetString());
        Assert.True(view.Outputs["key"].Sensitive);
        Assert.Null(view.Outputs["key"].Value);
        Assert.Null(view.Outputs["nested"].Value);
        Assert.True(view.Outputs["nested"].Sensitive);
        Assert.False(view.Outputs["later"].Known);
        Assert.DoesNotContain("s3cret", System.Text.Json.JsonSerializer.Serialize(view), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", System.Text.Json.JsonSerializer.Serialize(view), StringComparison.Ordinal);
    }
}
