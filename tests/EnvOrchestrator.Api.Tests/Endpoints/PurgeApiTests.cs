using System.Net;
using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Api.Tests.Endpoints;

[Collection(ApiHostGroup.Name)]
public sealed class PurgeApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task Create_OverDestroyedName_AcceptedReadyWithOnlyItsOwnRuns()
    {
        var oldRun = await CreateDestroyedAsync("team-p", "reuse");

        using var again = await host.CreateAsync("team-p", new { name = "reuse", template = "short-lived", ttl = "40s" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var newRun = (await ApiHost.ReadJsonAsync(again)).GetProperty("run").GetProperty("id").GetString();
        var ready = await host.WaitSettledAsync("team-p", "reuse");
        using var runs = await host.Http.GetAsync("/api/projects/team-p/environments/reuse/runs");
        using var old = await host.Http.GetAsync($"/api/projects/team-p/environments/reuse/runs/{oldRun}");
        using var oldLogs = await host.Http.GetAsync($"/api/projects/team-p/environments/reuse/runs/{oldRun}/logs");

        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal([newRun], (await ApiHost.ReadJsonAsync(runs)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, oldLogs.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task DeletePurge_Destroyed_Returns204AndRemovesRecordRunsAndLogs()
    {
        var oldRun = await CreateDestroyedAsync("team-p", "purged");
        var id = EnvironmentId.Parse("team-p", "purged");
        var log = new StepLogId(id, RunId.Parse(oldRun), "only.apply.1");
        var logs = host.Services.GetRequiredService<IStepLogStore>();
        Assert.NotEmpty((await logs.ReadAsync(log, 0, CancellationToken.None)).Lines);

        using var purged = await host.Http.DeleteAsync("/api/projects/team-p/environments/purged?purge=true");
        using var environment = await host.Http.GetAsync("/api/projects/team-p/environments/purged");
        using var runs = await host.Http.GetAsync("/api/projects/team-p/environments/purged/runs");
        using var again = await host.Http.DeleteAsync("/api/projects/team-p/environments/purged?purge=true");

        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, environment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, runs.StatusCode);
        Assert.Empty((await host.Services.GetRequiredService<IRunStore>().ListAsync(id, 10, null, CancellationToken.None)).Items);
        Assert.Empty((await logs.ReadAsync(log, 0, CancellationToken.None)).Lines);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("environment.not-found", (await ApiHost.ReadJsonAsync(again)).GetProperty("rule").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task DeletePurge_ReadyEnvironment_Returns409AndChangesNothing()
    {
        using var created = await host.CreateAsync("team-p", new { name = "kept", template = "short-lived", ttl = "40s" });
        var runId = (await ApiHost.ReadJsonAsync(created)).GetProperty("run").GetProperty("id").GetString();
        await host.WaitSettledAsync("team-p", "kept");
        using var before = await host.Http.GetAsync("/api/projects/team-p/environments/kept");

        using var refused = await host.Http.DeleteAsync("/api/projects/team-p/environments/kept?purge=true");
        using var after = await host.Http.GetAsync("/api/projects/team-p/environments/kept");
        using var run = await host.Http.GetAsync($"/api/projects/team-p/environments/kept/runs/{runId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", ApiHost.ContentType(refused)?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(refused);
        Assert.Equal(("status", "environment.not-destroyed"), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("Ready", (await ApiHost.ReadJsonAsync(after)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("maybe")]
    [InlineData("yes")]
    [InlineData("2")]
    public async Task Delete_BadPurgeValue_Returns400NamingTheFieldAndNothingChanged(string value)
    {
        using var response = await host.Http.DeleteAsync($"/api/projects/team-q/environments/never?purge={value}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", ApiHost.ContentType(response)?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(("purge", "query.boolean"), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
        Assert.Empty((await host.Environments.ListAsync(ProjectName.Parse("team-q"), EnvironmentFilter.None, 10, null, CancellationToken.None)).Items);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeletePurge_UnknownEnvironment_Returns404()
    {
        using var response = await host.Http.DeleteAsync("/api/projects/team-q/environments/nobody?purge=true");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("environment.not-found", (await ApiHost.ReadJsonAsync(response)).GetProperty("rule").GetString());
    }

    /// <summary>Creates, deploys and destroys an environment; returns the id of its deploy run.</summary>
    private async Task<string> CreateDestroyedAsync(string project, string name)
    {
        using var created = await host.CreateAsync(project, new { name, template = "short-lived", ttl = "40s" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var runId = (await ApiHost.ReadJsonAsync(created)).GetProperty("run").GetProperty("id").GetString()!;
        Assert.Equal("Ready", (await host.WaitSettledAsync(project, name)).GetProperty("status").GetString());
        using var deleted = await host.Http.DeleteAsync($"/api/projects/{project}/environments/{name}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("Destroyed", (await host.WaitSettledAsync(project, name)).GetProperty("status").GetString());
        return runId;
    }
}
