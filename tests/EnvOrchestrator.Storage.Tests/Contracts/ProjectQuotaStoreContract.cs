using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Quotas;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IProjectQuotaStore"/> must do; derived once per implementation.</summary>
public abstract class ProjectQuotaStoreContract : StoreContract
{
    private static readonly ProjectName Project = ProjectName.Parse("team-a");

    private IProjectQuotaStore Quotas => Stores.Quotas;

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_NeverStored_Null()
    {
        Assert.Null(await Quotas.FindAsync(Project, CancellationToken.None));
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_ClaimsWithSpend_SpendReadBackExactly()
    {
        var from = Time.GetUtcNow().AddTicks(3);
        var record = Record(
            Claim("web-1", "alice") with { Spend = new ClaimedSpend(46.125m, from, from.AddHours(72).AddTicks(1)) },
            Claim("web-2", "bob") with { Spend = new ClaimedSpend(0.1m, from, null) },
            Claim("web-3", "carol"));

        await Quotas.CreateAsync(record, CancellationToken.None);
        var found = await Quotas.FindAsync(Project, CancellationToken.None);

        Assert.Equal<QuotaClaim>(record.Claims, found!.Claims);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_ThenFind_SameClaimsInOrderWithTheVersion()
    {
        var record = Record(Claim("web-2", "bob"), Claim("web-1", "alice@example.com"));

        var created = await Quotas.CreateAsync(record, CancellationToken.None);
        var found = await Quotas.FindAsync(Project, CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.NotNull(found);
        Assert.Equal<QuotaClaim>(record.Claims, found.Claims);
        Assert.Equal(created.Value!.Version, found.Version);
        Assert.NotNull(found.Version);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_Twice_SecondAlreadyExists()
    {
        await Quotas.CreateAsync(Record(Claim("web-1", "alice")), CancellationToken.None);

        var second = await Quotas.CreateAsync(Record(Claim("web-2", "bob")), CancellationToken.None);

        Assert.Equal(StoreOutcome.AlreadyExists, second.Outcome);
        Assert.Equal(["web-1"], (await Quotas.FindAsync(Project, CancellationToken.None))!.Claims.Select(c => c.Name.Value));
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_CurrentVersion_ReplacesClaimsAndChangesVersion()
    {
        var created = (await Quotas.CreateAsync(Record(Claim("web-1", "alice"), Claim("web-2", "bob")), CancellationToken.None)).Value!;

        var saved = await Quotas.SaveAsync(created.Without([EnvironmentName.Parse("web-1")]), created.Version!, CancellationToken.None);
        var found = await Quotas.FindAsync(Project, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.NotEqual(created.Version, saved.Value!.Version);
        Assert.Equal(["web-2"], found!.Claims.Select(c => c.Name.Value));
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_StaleVersion_VersionConflictAndNothingChanged()
    {
        var created = (await Quotas.CreateAsync(Record(Claim("web-1", "alice")), CancellationToken.None)).Value!;
        await Quotas.SaveAsync(created.With(Claim("web-2", "bob")), created.Version!, CancellationToken.None);

        var stale = await Quotas.SaveAsync(created.With(Claim("web-3", "carol")), created.Version!, CancellationToken.None);

        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(["web-1", "web-2"], (await Quotas.FindAsync(Project, CancellationToken.None))!.Claims.Select(c => c.Name.Value));
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_NeverStored_NotFound()
    {
        // A version the store issued, for another project's record.
        var other = await Quotas.CreateAsync(Record(Claim("web-1", "alice")) with { Project = ProjectName.Parse("team-b") }, CancellationToken.None);

        var saved = await Quotas.SaveAsync(Record(Claim("web-1", "alice")), other.Value!.Version!, CancellationToken.None);

        Assert.Equal(StoreOutcome.NotFound, saved.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_ManyWritersFromOneVersion_ExactlyOneWins()
    {
        var created = (await Quotas.CreateAsync(Record(), CancellationToken.None)).Value!;

        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Quotas.SaveAsync(created.With(Claim($"web-{i}", "alice")), created.Version!, CancellationToken.None)));

        Assert.Single(writes, w => w.Succeeded);
        Assert.Single((await Quotas.FindAsync(Project, CancellationToken.None))!.Claims);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_MoreClaimsThanOneColumnHolds_ReadBackWhole()
    {
        // Long owners push the document past one table property (30,000 characters).
        var claims = Enumerable.Range(0, 400).Select(i => Claim($"web-{i}", new string('o', 100) + i)).ToArray();
        var created = (await Quotas.CreateAsync(Record(), CancellationToken.None)).Value!;

        var saved = await Quotas.SaveAsync(Record(claims), created.Version!, CancellationToken.None);
        var shrunk = await Quotas.SaveAsync(Record(claims[0]), saved.Value!.Version!, CancellationToken.None);
        var found = await Quotas.FindAsync(Project, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.True(shrunk.Succeeded);
        Assert.Equal<QuotaClaim>([claims[0]], found!.Claims);
    }

    private QuotaClaim Claim(string name, string owner) => new(EnvironmentName.Parse(name), owner, Time.GetUtcNow().AddTicks(7));

    private static ProjectQuotaRecord Record(params QuotaClaim[] claims) => new() { Project = Project, Claims = [.. claims] };
}
