using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Values;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IEnvironmentStore"/> must do; derived once per implementation.</summary>
public abstract class EnvironmentStoreContract : StoreContract
{
    private IEnvironmentStore Store => Stores.Environments;

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_Missing_ReturnsNull()
    {
        var found = await Store.FindAsync(Id("nobody"), CancellationToken.None);

        Assert.Null(found);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_NewName_StoresRecordWithVersion()
    {
        var environment = Environment("dev-1", expiresAt: Now.AddHours(8));

        var created = await Store.CreateAsync(environment, CancellationToken.None);
        var found = await Store.FindAsync(environment.Id, CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.False(string.IsNullOrEmpty(created.Value!.Version));
        Assert.NotNull(found);
        Assert.Equal(created.Value.Version, found.Version);
        AssertSame(environment, found);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_NameTaken_ReturnsAlreadyExists()
    {
        await Store.CreateAsync(Environment("dev-1"), CancellationToken.None);

        var second = await Store.CreateAsync(Environment("dev-1", template: "other"), CancellationToken.None);
        var found = await Store.FindAsync(Id("dev-1"), CancellationToken.None);

        Assert.Equal(StoreOutcome.AlreadyExists, second.Outcome);
        Assert.Equal("web-stack", found!.Template.Name);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_SameNameInTwoProjects_BothSucceed()
    {
        var first = await Store.CreateAsync(Environment("dev-1", project: "team-a"), CancellationToken.None);
        var second = await Store.CreateAsync(Environment("dev-1", project: "team-b"), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_ConcurrentSameName_ExactlyOneSucceeds()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.CreateAsync(Environment("race", template: "t" + i), CancellationToken.None)));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(StoreOutcome.AlreadyExists, r.Outcome));
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_CurrentVersion_SavesAndChangesVersion()
    {
        var created = (await Store.CreateAsync(Environment("dev-1"), CancellationToken.None)).Value!;
        var changed = created.StartRun(RunId.New(Now, "0000000b"), EnvironmentStatus.Queued, Now.AddMinutes(1)).Value!;

        var saved = await Store.SaveAsync(changed, created.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Id, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.NotEqual(created.Version, saved.Value!.Version);
        Assert.Equal(saved.Value.Version, found!.Version);
        AssertSame(changed, found);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_StaleVersion_ReturnsVersionConflict()
    {
        var created = (await Store.CreateAsync(Environment("dev-1"), CancellationToken.None)).Value!;
        await Store.SaveAsync(created with { CreatedBy = "first" }, created.Version!, CancellationToken.None);

        var second = await Store.SaveAsync(created with { CreatedBy = "second" }, created.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Id, CancellationToken.None);

        Assert.Equal(StoreOutcome.VersionConflict, second.Outcome);
        Assert.Equal("first", found!.CreatedBy);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_ConcurrentWritersWithSameVersion_ExactlyOneSucceeds()
    {
        var created = (await Store.CreateAsync(Environment("dev-1"), CancellationToken.None)).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Store.SaveAsync(created with { ExtensionCount = i + 1 }, created.Version!, CancellationToken.None))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(StoreOutcome.VersionConflict, r.Outcome));
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_Missing_ReturnsNotFound()
    {
        var result = await Store.SaveAsync(Environment("ghost"), "\"1\"", CancellationToken.None);

        Assert.Equal(StoreOutcome.NotFound, result.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_ValuesOfEveryKind_RoundTripExactly()
    {
        var failure = new FailureDetails("Terraform.Apply", "apply failed", "Error: quota exceeded\n  on main.tf line 3", IsTransient: false);
        var environment = Environment("values") with
        {
            Inputs = EveryKind(),
            Outputs = EveryKind(),
            Resources =
            [
                Resource("network") with { Status = ResourceStatus.Succeeded, Inputs = EveryKind(), Outputs = EveryKind(), ApplyCount = 2, StartedAt = Now, CompletedAt = Now.AddMinutes(3) },
                Resource("cache") with { Status = ResourceStatus.Failed, Failure = failure, LastLog = new StepLogId(Id("values"), RunId.New(Now, "0000000c"), "cache.apply.1") },
            ],
            Failure = failure,
            FailedResource = new ResourceFailure("cache", failure, new StepLogId(Id("values"), RunId.New(Now, "0000000c"), "cache.apply.1")),
            CurrentRunId = RunId.New(Now, "0000000c"),
            ExpiresAt = Now.AddHours(8).AddTicks(1234567),
            ExtensionCount = 2,
            Approval = new ApprovalRequest
            {
                Subject = ApprovalSubject.Extension,
                ExtendBy = TimeSpan.FromHours(3).Add(TimeSpan.FromTicks(7)),
                RequestedBy = "alice (via portal-bot)",
                RequestedAt = Now.AddTicks(11),
                ExpiresAt = Now.AddDays(3),
                Reasons = [new PolicyResult("gate", "maxTtl", PolicyEnforcement.Approval, null, "Policy 'gate' limits the TTL to 2h; “quoted” ü.")],
                Decision = new ApprovalDecision(ApprovalOutcome.Rejected, "bob", "no\nnot now", Now.AddMinutes(1)),
            },
        };

        await Store.CreateAsync(environment, CancellationToken.None);
        var found = await Store.FindAsync(environment.Id, CancellationToken.None);

        AssertSame(environment, found!);
        Assert.True(found!.Inputs["map"].IsSensitive);
        Assert.True(found.Inputs["later"].ContainsUnknown);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_LargeEnvironment_RoundTripsAndSavesAgain()
    {
        var big = Enumerable.Range(0, 40).Select(i => ("output-" + i, (Value)Value.Of(new string('x', 1_000) + i)));
        var environment = Environment("big") with { Outputs = Map([.. big]) };

        var created = await Store.CreateAsync(environment, CancellationToken.None);
        var shrunk = environment with { Outputs = Map(("small", Value.Of("s"))) };
        var saved = await Store.SaveAsync(shrunk, created.Value!.Version!, CancellationToken.None);
        var grown = await Store.SaveAsync(environment, saved.Value!.Version!, CancellationToken.None);
        var found = await Store.FindAsync(environment.Id, CancellationToken.None);

        Assert.True(grown.Succeeded);
        AssertSame(environment, found!);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_SmallPages_ReturnsEveryEnvironmentOnceInNameOrder()
    {
        var names = new[] { "env-e", "env-a", "env-c", "env-b", "env-d" };
        foreach (var name in names)
        {
            await Store.CreateAsync(Environment(name), CancellationToken.None);
        }

        await Store.CreateAsync(Environment("env-x", project: "team-b"), CancellationToken.None);

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(ProjectName.Parse("team-a"), EnvironmentFilter.None, 2, token, CancellationToken.None);
            Assert.True(page.Items.Length <= 2);
            listed.AddRange(page.Items.Select(e => e.Id.Name.Value));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
        Assert.True(pages >= 3);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_StatusAndTemplateFilters_ReturnOnlyMatches()
    {
        var ready = Environment("ready-web") with { Status = EnvironmentStatus.Ready };
        await Store.CreateAsync(ready, CancellationToken.None);
        await Store.CreateAsync(Environment("failed-web") with { Status = EnvironmentStatus.Failed }, CancellationToken.None);
        await Store.CreateAsync(Environment("ready-cache", template: "cache-only") with { Status = EnvironmentStatus.Ready }, CancellationToken.None);
        await Store.CreateAsync(Environment("pending-web"), CancellationToken.None);
        var filter = new EnvironmentFilter { Statuses = [EnvironmentStatus.Ready, EnvironmentStatus.Failed], TemplateName = "web-stack" };

        var names = await ListAllAsync("team-a", filter);
        var byStatus = await ListAllAsync("team-a", new EnvironmentFilter { Statuses = [EnvironmentStatus.Ready] });
        var byTemplate = await ListAllAsync("team-a", new EnvironmentFilter { TemplateName = "cache-only" });

        Assert.Equal(["failed-web", "ready-web"], names);
        Assert.Equal(["ready-cache", "ready-web"], byStatus);
        Assert.Equal(["ready-cache"], byTemplate);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_EmptyProject_ReturnsEmptyPageWithoutToken()
    {
        var page = await Store.ListAsync(ProjectName.Parse("empty"), EnvironmentFilter.None, 10, null, CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_CurrentVersion_RemovesRecordAndItsExpiry()
    {
        var created = (await Store.CreateAsync(Environment("gone", expiresAt: Now.AddHours(1)), CancellationToken.None)).Value!;

        var deleted = await Store.DeleteAsync(created.Id, created.Version, CancellationToken.None);
        var found = await Store.FindAsync(created.Id, CancellationToken.None);
        var due = await Store.FindExpiringAsync(Now.AddDays(1), 10, CancellationToken.None);

        Assert.Equal(StoreOutcome.Succeeded, deleted);
        Assert.Null(found);
        Assert.Empty(due);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_StaleVersionOrMissing_ReturnsConflictOrNotFound()
    {
        var created = (await Store.CreateAsync(Environment("kept"), CancellationToken.None)).Value!;
        await Store.SaveAsync(created with { ExtensionCount = 1 }, created.Version!, CancellationToken.None);

        var stale = await Store.DeleteAsync(created.Id, created.Version, CancellationToken.None);
        var missing = await Store.DeleteAsync(Id("never"), null, CancellationToken.None);

        Assert.Equal(StoreOutcome.VersionConflict, stale);
        Assert.Equal(StoreOutcome.NotFound, missing);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_DestroyedWithLargeBody_RemovesRecordAndFreesTheName()
    {
        var big = Enumerable.Range(0, 40).Select(i => ("output-" + i, (Value)Value.Of(new string('x', 1_000) + i)));
        var environment = Environment("big") with { Outputs = Map([.. big]) };
        var destroyed = await StoreDestroyedAsync(environment, Now);

        var deleted = await Store.DeleteAsync(destroyed.Id, destroyed.Version, CancellationToken.None);
        var again = await Store.CreateAsync(environment, CancellationToken.None);
        var found = await Store.FindAsync(environment.Id, CancellationToken.None);

        Assert.Equal(StoreOutcome.Succeeded, deleted);
        Assert.True(again.Succeeded);
        AssertSame(environment, found!);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_NewEnvironmentOverDestroyedOne_ReplacesItAndIndexesTheNewExpiry()
    {
        var destroyed = await StoreDestroyedAsync(Environment("again", expiresAt: Now.AddHours(1)), Now.AddMinutes(10));
        var fresh = Environment("again", template: "cache-only", expiresAt: Now.AddHours(5));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => Store.SaveAsync(fresh with { CreatedBy = "user-" + i }, destroyed.Version!, CancellationToken.None))));
        var found = await Store.FindAsync(fresh.Id, CancellationToken.None);
        var due = await Store.FindExpiringAsync(Now.AddDays(1), 10, CancellationToken.None);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(StoreOutcome.VersionConflict, r.Outcome));
        Assert.Equal(EnvironmentStatus.Pending, found!.Status);
        Assert.Equal("cache-only", found.Template.Name);
        Assert.Equal([(fresh.Id, Now.AddHours(5))], due.Select(d => (d.Id, d.ExpiresAt)));
    }

    [Fact(Timeout = Timeout)]
    public async Task FindDestroyedAsync_SmallPages_ReturnsOnlyDestroyedBeforeAcrossProjects()
    {
        await StoreDestroyedAsync(Environment("old-a", expiresAt: Now.AddHours(1)), Now.AddDays(-40));
        await StoreDestroyedAsync(Environment("old-b", project: "team-b"), Now.AddDays(-31));
        await StoreDestroyedAsync(Environment("old-c"), Now.AddDays(-30).AddTicks(-1));
        await StoreDestroyedAsync(Environment("recent"), Now.AddDays(-1));
        await StoreDestroyedAsync(Environment("boundary"), Now.AddDays(-30));
        await Store.CreateAsync(Environment("old-ready") with { Status = EnvironmentStatus.Ready, UpdatedAt = Now.AddDays(-90) }, CancellationToken.None);

        var found = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.FindDestroyedAsync(Now.AddDays(-30), 1, token, CancellationToken.None);
            Assert.True(page.Items.Length <= 1);
            found.AddRange(page.Items.Select(i => i.ToString()));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(["team-a/old-a", "team-a/old-c", "team-b/old-b"], found.Order(StringComparer.Ordinal));
        Assert.Equal(found.Count, found.Distinct().Count());
    }

    [Fact(Timeout = Timeout)]
    public async Task FindByTemplateAsync_SmallPages_LiveEnvironmentsOfThatTemplateAcrossProjects()
    {
        await Store.CreateAsync(Environment("web-1"), CancellationToken.None);
        await Store.CreateAsync(Environment("web-2", project: "team-b") with { TemplateVersion = new SemVersion(1, 0, 0) }, CancellationToken.None);
        await Store.CreateAsync(Environment("cache", template: "cache-only"), CancellationToken.None);
        await StoreDestroyedAsync(Environment("web-gone"), Now.AddDays(-1));

        var found = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.FindByTemplateAsync("web-stack", 1, token, CancellationToken.None);
            Assert.True(page.Items.Length <= 1);
            found.AddRange(page.Items.Select(i => $"{i.Id}@{i.TemplateVersion}"));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(["team-a/web-1@1.2.0", "team-b/web-2@1.0.0"], found.Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_MixedExpiries_ReturnsOnlyThoseBeforeInExpiryOrder()
    {
        await Store.CreateAsync(Environment("late", expiresAt: Now.AddHours(30)), CancellationToken.None);
        await Store.CreateAsync(Environment("second", expiresAt: Now.AddHours(2).AddMinutes(59)), CancellationToken.None);
        await Store.CreateAsync(Environment("first", project: "team-b", expiresAt: Now.AddMinutes(-90)), CancellationToken.None);
        await Store.CreateAsync(Environment("boundary", expiresAt: Now.AddHours(3)), CancellationToken.None);
        await Store.CreateAsync(Environment("forever"), CancellationToken.None);
        await Store.CreateAsync(Environment("third", expiresAt: Now.AddHours(3).AddTicks(-1)), CancellationToken.None);

        var due = await Store.FindExpiringAsync(Now.AddHours(3), 100, CancellationToken.None);

        Assert.Equal(["team-b/first", "team-a/second", "team-a/third"], due.Select(d => d.Id.ToString()));
        Assert.Equal(Now.AddMinutes(-90), due[0].ExpiresAt);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_Limit_ReturnsEarliestOnly()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync(Environment("env-" + i, expiresAt: Now.AddMinutes(-10 * (i + 1))), CancellationToken.None);
        }

        var due = await Store.FindExpiringAsync(Now, 2, CancellationToken.None);

        Assert.Equal(["env-4", "env-3"], due.Select(d => d.Id.Name.Value));
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_AfterExtend_SkipsStaleEntryAndFindsNewExpiry()
    {
        var created = (await Store.CreateAsync(Environment("extended", expiresAt: Now.AddHours(1)), CancellationToken.None)).Value!;
        await Store.CreateAsync(Environment("plain", expiresAt: Now.AddHours(1).AddMinutes(30)), CancellationToken.None);
        var extended = created with { ExpiresAt = Now.AddHours(5), ExtensionCount = 1 };
        await Store.SaveAsync(extended, created.Version!, CancellationToken.None);

        var dueSoon = await Store.FindExpiringAsync(Now.AddHours(2), 10, CancellationToken.None);
        var dueLater = await Store.FindExpiringAsync(Now.AddHours(6), 10, CancellationToken.None);

        Assert.Equal(["plain"], dueSoon.Select(d => d.Id.Name.Value));
        Assert.Equal(["plain", "extended"], dueLater.Select(d => d.Id.Name.Value));
        Assert.Equal(Now.AddHours(5), dueLater[1].ExpiresAt);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_LosingWriterChangedExpiry_ReturnsStoredExpiryOnly()
    {
        var created = (await Store.CreateAsync(Environment("raced", expiresAt: Now.AddHours(4)), CancellationToken.None)).Value!;
        await Store.SaveAsync(created with { ExtensionCount = 1 }, created.Version!, CancellationToken.None);

        var lost = await Store.SaveAsync(created with { ExpiresAt = Now.AddHours(1) }, created.Version!, CancellationToken.None);
        var due = await Store.FindExpiringAsync(Now.AddHours(5), 10, CancellationToken.None);

        Assert.Equal(StoreOutcome.VersionConflict, lost.Outcome);
        Assert.Equal([Now.AddHours(4)], due.Select(d => d.ExpiresAt));
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_DestroyedOrExpiryRemoved_NotReturned()
    {
        var destroyed = (await Store.CreateAsync(Environment("destroyed", expiresAt: Now.AddHours(-1)), CancellationToken.None)).Value!;
        var cleared = (await Store.CreateAsync(Environment("cleared", expiresAt: Now.AddHours(-1)), CancellationToken.None)).Value!;
        await Store.CreateAsync(Environment("destroying", expiresAt: Now.AddHours(-2)) with { Status = EnvironmentStatus.Destroying }, CancellationToken.None);
        await Store.SaveAsync(destroyed with { Status = EnvironmentStatus.Destroyed }, destroyed.Version!, CancellationToken.None);
        await Store.SaveAsync(cleared with { ExpiresAt = null }, cleared.Version!, CancellationToken.None);

        var first = await Store.FindExpiringAsync(Now, 10, CancellationToken.None);
        var again = await Store.FindExpiringAsync(Now, 10, CancellationToken.None);

        Assert.Equal(["destroying"], first.Select(d => d.Id.Name.Value));
        Assert.Equal(["destroying"], again.Select(d => d.Id.Name.Value));
    }

    /// <summary>Stores <paramref name="environment"/> and saves it as destroyed at <paramref name="destroyedAt"/>.</summary>
    private async Task<EnvironmentRecord> StoreDestroyedAsync(EnvironmentRecord environment, DateTimeOffset destroyedAt)
    {
        var created = (await Store.CreateAsync(environment, CancellationToken.None)).Value!;
        var saved = await Store.SaveAsync(created with { Status = EnvironmentStatus.Destroyed, UpdatedAt = destroyedAt }, created.Version!, CancellationToken.None);
        return saved.Value!;
    }

    private async Task<List<string>> ListAllAsync(string project, EnvironmentFilter filter)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(ProjectName.Parse(project), filter, 100, token, CancellationToken.None);
            names.AddRange(page.Items.Select(e => e.Id.Name.Value));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return names;
    }
}
