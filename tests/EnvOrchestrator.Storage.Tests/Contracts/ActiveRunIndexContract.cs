using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IActiveRunIndex"/> must do; derived once per implementation.</summary>
public abstract class ActiveRunIndexContract : StoreContract
{
    private IActiveRunIndex Index => Stores.ActiveRuns;

    [Fact(Timeout = Timeout)]
    public async Task ListOlderThanAsync_Empty_ReturnsNothing()
    {
        var listed = await Index.ListOlderThanAsync(Now.AddDays(1), 10, after: null, CancellationToken.None);

        Assert.Empty(listed);
    }

    [Fact(Timeout = Timeout)]
    public async Task AddAsync_Entry_ListedExactlyAfterItsCreation()
    {
        var entry = new ActiveRun(Id("dev-1"), RunId.New(Now.AddTicks(7), "0000000b"), RunKind.Retry, EnvironmentStatus.Destroying);
        await Index.AddAsync(entry, CancellationToken.None);

        var atCreation = await Index.ListOlderThanAsync(entry.StartedAt, 10, after: null, CancellationToken.None);
        var after = await Index.ListOlderThanAsync(entry.StartedAt.AddTicks(1), 10, after: null, CancellationToken.None);

        Assert.Empty(atCreation);
        Assert.Equal<ActiveRun>([entry], after);
    }

    [Fact(Timeout = Timeout)]
    public async Task AddAsync_SameRunTwice_OneEntry()
    {
        var entry = new ActiveRun(Id("dev-1"), RunId.New(Now, "0000000c"), RunKind.Deploy, EnvironmentStatus.Deploying);

        await Index.AddAsync(entry, CancellationToken.None);
        await Index.AddAsync(entry, CancellationToken.None);
        var listed = await Index.ListOlderThanAsync(Now.AddMinutes(1), 10, after: null, CancellationToken.None);

        Assert.Equal<ActiveRun>([entry], listed);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListOlderThanAsync_AcrossHours_OldestFirstUpToLimitAndBound()
    {
        var times = new[] { Now.AddHours(3), Now, Now.AddHours(-26), Now.AddMinutes(59), Now.AddHours(5) };
        var entries = times.Select((t, i) => new ActiveRun(Id("dev-" + i), RunId.New(t, "0000000" + i), RunKind.Update, EnvironmentStatus.Updating)).ToList();
        foreach (var entry in entries)
        {
            await Index.AddAsync(entry, CancellationToken.None);
        }

        var due = await Index.ListOlderThanAsync(Now.AddHours(4), 10, after: null, CancellationToken.None);
        var limited = await Index.ListOlderThanAsync(Now.AddHours(4), 2, after: null, CancellationToken.None);

        Assert.Equal([Now.AddHours(-26), Now, Now.AddMinutes(59), Now.AddHours(3)], due.Select(r => r.StartedAt));
        Assert.Equal([Now.AddHours(-26), Now], limited.Select(r => r.StartedAt));
    }

    [Fact(Timeout = Timeout)]
    public async Task ListOlderThanAsync_AfterAnEntry_PagesThroughInOrderAcrossHours()
    {
        var times = new[] { Now.AddHours(-30), Now, Now, Now.AddMinutes(61), Now.AddHours(2) };
        var entries = times.Select((t, i) => new ActiveRun(Id("page-" + i), RunId.New(t, "0000000" + i), RunKind.Deploy, EnvironmentStatus.Deploying)).ToList();
        foreach (var entry in entries)
        {
            await Index.AddAsync(entry, CancellationToken.None);
        }

        var pages = new List<ImmutableArray<ActiveRun>>();
        ActiveRun? after = null;
        do
        {
            pages.Add(await Index.ListOlderThanAsync(Now.AddHours(3), 2, after, CancellationToken.None));
            after = pages[^1].IsEmpty ? null : pages[^1][^1];
        }
        while (after is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Length));
        Assert.Equal(entries.Select(e => e.Run), pages.SelectMany(p => p).Select(r => r.Run));
    }

    [Fact(Timeout = Timeout)]
    public async Task RemoveAsync_OneOfTwoRunsOfAnEnvironment_RemovesOnlyThatOneAndRepeatsHarmlessly()
    {
        var first = new ActiveRun(Id("dev-1"), RunId.New(Now, "0000000d"), RunKind.Deploy, EnvironmentStatus.Deploying);
        var second = new ActiveRun(Id("dev-1"), RunId.New(Now.AddSeconds(1), "0000000e"), RunKind.Destroy, EnvironmentStatus.Destroying);
        await Index.AddAsync(first, CancellationToken.None);
        await Index.AddAsync(second, CancellationToken.None);

        await Index.RemoveAsync(first.Environment, first.Run, CancellationToken.None);
        await Index.RemoveAsync(first.Environment, first.Run, CancellationToken.None);
        await Index.RemoveAsync(Id("dev-2"), second.Run, CancellationToken.None);
        var listed = await Index.ListOlderThanAsync(Now.AddMinutes(1), 10, after: null, CancellationToken.None);

        Assert.Equal<ActiveRun>([second], listed);
    }
}
