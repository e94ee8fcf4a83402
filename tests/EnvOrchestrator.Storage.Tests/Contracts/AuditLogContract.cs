using EnvOrchestrator.Core.Audit;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IAuditLog"/> must do; derived once per implementation.</summary>
public abstract class AuditLogContract : StoreContract
{
    private IAuditLog Log => Stores.Audit;

    [Fact(Timeout = Timeout)]
    public async Task QueryAsync_AppendedEntries_ReadBackOldestFirstWithEveryField()
    {
        var later = Entry("team-a", Start.AddMinutes(2), "environment.destroy", "202") with { OnBehalfOf = "alice", Detail = "run 42" };
        var earlier = Entry("team-a", Start.AddMinutes(1), "environment.create", "422 ttl-above-max");
        await Log.AppendAsync(later, CancellationToken.None);
        await Log.AppendAsync(earlier, CancellationToken.None);

        var page = await Log.QueryAsync(new AuditQuery("team-a", Start, Start.AddHours(1), 10, null), CancellationToken.None);

        Assert.Equal([earlier, later], page.Entries);
        Assert.Null(page.Next);
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryAsync_TimeRange_FromInclusiveToExclusive()
    {
        foreach (var minute in new[] { 0, 1, 2, 3 })
        {
            await Log.AppendAsync(Entry("team-a", Start.AddMinutes(minute), "m" + minute, "200"), CancellationToken.None);
        }

        var page = await Log.QueryAsync(new AuditQuery("team-a", Start.AddMinutes(1), Start.AddMinutes(3), 10, null), CancellationToken.None);

        Assert.Equal(["m1", "m2"], page.Entries.Select(e => e.Action));
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryAsync_OtherProject_SeesNothingOfIt()
    {
        await Log.AppendAsync(Entry("team-a", Start, "environment.create", "202"), CancellationToken.None);

        var page = await Log.QueryAsync(new AuditQuery("team-b", Start.AddDays(-1), Start.AddDays(1), 10, null), CancellationToken.None);

        Assert.Empty(page.Entries);
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryAsync_PagedWithCursor_EveryEntryOnceEvenWithinOneInstant()
    {
        for (var i = 0; i < 7; i++)
        {
            // Three share one instant: the tie-breaker keeps them apart and in a stable order across pages.
            await Log.AppendAsync(Entry("team-a", Start.AddSeconds(i < 3 ? 0 : i), "a" + i, "200"), CancellationToken.None);
        }

        var seen = new List<string>();
        AuditCursor? after = null;
        var pages = 0;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery("team-a", Start, Start.AddHours(1), 3, after), CancellationToken.None);
            seen.AddRange(page.Entries.Select(e => e.Action));
            after = page.Next is null ? null : AuditCursor.Parse(page.Next.ToString());
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(["a3", "a4", "a5", "a6"], seen.Skip(3));
    }

    private static AuditEntry Entry(string project, DateTimeOffset at, string action, string outcome) =>
        new(project, at, "bob", null, action, "dev-1", outcome, null);
}
