using System.Text;
using EnvOrchestrator.Core.Environments;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IStepLogStore"/> must do; derived once per implementation.</summary>
public abstract class StepLogStoreContract : StoreContract
{
    private IStepLogStore Store => Stores.Logs;

    private static StepLogId Log(string step = "cache.apply.1", string environment = "dev-1") =>
        new(Id(environment), RunId.New(Now, "00000001"), step);

    [Fact(Timeout = Timeout)]
    public async Task ReadAsync_NotWritten_ReturnsNoLinesAtSameOffset()
    {
        var chunk = await Store.ReadAsync(Log(), 0, CancellationToken.None);

        Assert.Empty(chunk.Lines);
        Assert.Equal(0, chunk.NextOffset);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadAsync_AfterAppends_ReturnsAllLinesInOrder()
    {
        await Store.AppendAsync(Log(), ["Initializing...", "Plan: 1 to add"], CancellationToken.None);
        await Store.AppendAsync(Log(), ["Apply complete!"], CancellationToken.None);

        var chunk = await Store.ReadAsync(Log(), 0, CancellationToken.None);

        Assert.Equal<string>(["Initializing...", "Plan: 1 to add", "Apply complete!"], chunk.Lines);
        Assert.Equal(Encoding.UTF8.GetByteCount("Initializing...\nPlan: 1 to add\nApply complete!\n"), chunk.NextOffset);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadAsync_FromNextOffset_ReturnsOnlyNewLines()
    {
        await Store.AppendAsync(Log(), ["one", "two"], CancellationToken.None);
        var first = await Store.ReadAsync(Log(), 0, CancellationToken.None);

        var nothingNew = await Store.ReadAsync(Log(), first.NextOffset, CancellationToken.None);
        await Store.AppendAsync(Log(), ["three"], CancellationToken.None);
        var next = await Store.ReadAsync(Log(), first.NextOffset, CancellationToken.None);

        Assert.Empty(nothingNew.Lines);
        Assert.Equal(first.NextOffset, nothingNew.NextOffset);
        Assert.Equal<string>(["three"], next.Lines);
        Assert.Equal(first.NextOffset + 6, next.NextOffset);
    }

    [Fact(Timeout = Timeout)]
    public async Task AppendAsync_MultiLineAndNonAsciiText_SplitsLinesAndCountsUtf8Bytes()
    {
        await Store.AppendAsync(Log(), ["a\r\nb", "ünïcødé ✓", string.Empty], CancellationToken.None);

        var chunk = await Store.ReadAsync(Log(), 0, CancellationToken.None);
        var rest = await Store.ReadAsync(Log(), 4, CancellationToken.None);

        Assert.Equal<string>(["a", "b", "ünïcødé ✓", string.Empty], chunk.Lines);
        Assert.Equal(Encoding.UTF8.GetByteCount("a\nb\nünïcødé ✓\n\n"), chunk.NextOffset);
        Assert.Equal<string>(["ünïcødé ✓", string.Empty], rest.Lines);
    }

    [Fact(Timeout = Timeout)]
    public async Task AppendAsync_NoLines_CreatesNothing()
    {
        await Store.AppendAsync(Log(), [], CancellationToken.None);

        var chunk = await Store.ReadAsync(Log(), 0, CancellationToken.None);

        Assert.Empty(chunk.Lines);
    }

    [Fact(Timeout = Timeout)]
    public async Task AppendAsync_StepNamesWithSpecialCharacters_KeepLogsApart()
    {
        await Store.AppendAsync(Log("a/b.apply.1"), ["slash"], CancellationToken.None);
        await Store.AppendAsync(Log("a%2Fb.apply.1"), ["escaped"], CancellationToken.None);
        await Store.AppendAsync(Log(".."), ["dots"], CancellationToken.None);

        var slash = await Store.ReadAsync(Log("a/b.apply.1"), 0, CancellationToken.None);
        var escaped = await Store.ReadAsync(Log("a%2Fb.apply.1"), 0, CancellationToken.None);
        var dots = await Store.ReadAsync(Log(".."), 0, CancellationToken.None);

        Assert.Equal<string>(["slash"], slash.Lines);
        Assert.Equal<string>(["escaped"], escaped.Lines);
        Assert.Equal<string>(["dots"], dots.Lines);
    }

    [Fact(Timeout = Timeout)]
    public async Task AppendAsync_ConcurrentWriters_KeepEveryLineWhole()
    {
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => Store.AppendAsync(Log(), [$"writer {i} line 1", $"writer {i} line 2"], CancellationToken.None))));

        var chunk = await Store.ReadAsync(Log(), 0, CancellationToken.None);

        Assert.Equal(20, chunk.Lines.Length);
        Assert.All(chunk.Lines, l => Assert.Matches("^writer \\d line [12]$", l));
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteRunAsync_Run_RemovesOnlyThatRunsLogs()
    {
        var run = RunId.New(Now, "00000001");
        var later = RunId.New(Now.AddMinutes(1), "00000002");
        StepLogId[] mine = [new(Id("dev-1"), run, "cache.apply.1"), new(Id("dev-1"), run, "network.apply.1")];
        StepLogId[] kept = [new(Id("dev-1"), later, "cache.apply.1"), new(Id("dev-10"), run, "cache.apply.1")];
        foreach (var log in mine.Concat(kept))
        {
            await Store.AppendAsync(log, ["line of " + log], CancellationToken.None);
        }

        await Store.DeleteRunAsync(Id("dev-1"), run, CancellationToken.None);
        await Store.DeleteRunAsync(Id("dev-1"), run, CancellationToken.None);

        foreach (var log in mine)
        {
            Assert.Empty((await Store.ReadAsync(log, 0, CancellationToken.None)).Lines);
        }

        foreach (var log in kept)
        {
            Assert.Equal<string>(["line of " + log], (await Store.ReadAsync(log, 0, CancellationToken.None)).Lines);
        }
    }
}
