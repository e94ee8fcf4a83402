using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Environments;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Environments;

/// <summary>The environment queries on in-memory stores.</summary>
public sealed class EnvironmentQueriesTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task GetAsync_Stored_ItsViewWithETag()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await services.Get<EnvironmentQueries>().GetAsync(new EnvironmentQuery("team-a", "web"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(("web", EnvironmentStatus.Ready), (result.Value.Name, result.Value.Status));
        Assert.Contains(seeded.Version!, result.Value.ETag, StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("Team A", 10, "project", "name.invalid")]
    [InlineData("team-a", 0, "pageSize", "paging.page-size")]
    public async Task ListAsync_MalformedQuery_RefusedNamingTheField(string project, int pageSize, string field, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await services.Get<EnvironmentQueries>().ListAsync(new ListEnvironmentsQuery(project) { PageSize = pageSize }, CancellationToken.None);

        AssertRefused(result, "invalid-request", field, rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListAsync_StatusFilter_OnlyThatProjectsMatchingEnvironments()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "ready", EnvironmentStatus.Ready);
        await services.SeedAsync("team-a", "failed", EnvironmentStatus.Failed);
        await services.SeedAsync("team-b", "other", EnvironmentStatus.Ready);

        var result = await services.Get<EnvironmentQueries>().ListAsync(
            new ListEnvironmentsQuery("team-a") { Statuses = [EnvironmentStatus.Ready] }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(["ready"], result.Value.Items.Select(e => e.Name));
    }
}
