using EnvOrchestrator.Lifecycle.UseCases.Templates;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Templates;

/// <summary>The template queries over the demo catalog plus <c>TestCatalog/</c>.</summary>
public sealed class TemplateQueriesTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task List_ForAProject_OnlyTemplatesSharedWithIt()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var queries = services.Get<TemplateQueries>();

        var teamA = queries.List("team-a", includeDrafts: false).Select(t => t.Name).ToList();
        var teamC = queries.List("team-c", includeDrafts: false).Select(t => t.Name).ToList();

        Assert.Contains("cache-only", teamA);
        Assert.DoesNotContain("cache-only", teamC);
        Assert.Contains("short-lived", teamC);
        Assert.Equal(teamA.Order(StringComparer.Ordinal), teamA);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("short-lived", "not a version", "invalid-request", "version", "template.invalid-reference")]
    [InlineData("no-such-template", null, "not-found", "template", "template.unknown")]
    [InlineData("short-lived", "2.0.0", "not-found", "template", "template.unknown")]
    public async Task Get_NoSuchTemplate_Refused(string name, string? version, string code, string field, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = services.Get<TemplateQueries>().Get(name, version);

        AssertRefused(result, code, field, rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task Get_Existing_ItsDetails()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = services.Get<TemplateQueries>().Get("short-lived", "1.0.0");

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(("short-lived", "1.0.0"), (result.Value.Name, result.Value.Version));
    }
}
