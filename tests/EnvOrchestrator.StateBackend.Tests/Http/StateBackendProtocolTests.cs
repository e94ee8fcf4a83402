using System.Net;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.StateBackend.Tests.Http;

/// <summary>Terraform's http backend protocol, over HTTP on loopback Kestrel.</summary>
public sealed class StateBackendProtocolTests(ITestOutputHelper output)
{
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-7", "app");
    private static readonly string Path = BackendHost.PathOf(Address);

    [Fact(Timeout = 30_000)]
    public async Task Get_RegisteredWithoutState_Returns204()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);

        using var response = await host.SendAsync("GET", Path, auth);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Requests_UnregisteredAddress_Return404()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = BackendHost.Basic(host.Backend.IssueCredentials(Address, TimeSpan.FromHours(1)));

        using var get = await host.SendAsync("GET", Path, auth);
        using var lockResponse = await host.SendAsync("LOCK", Path, auth, LockInfo("a"));
        using var post = await host.SendAsync("POST", Path, auth, "{}");
        using var invalid = await host.SendAsync("GET", "/tfstate/Bad..Name/x", auth);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lockResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Requests_MissingWrongOrForeignCredentials_Return401()
    {
        await using var host = await BackendHost.StartAsync(output);
        await host.RegisterAsync(Address);
        var foreign = BackendHost.Basic(host.Backend.IssueCredentials(TerraformStateAddress.Create("env-7", "other"), TimeSpan.FromHours(1)));
        var tampered = BackendHost.Basic(host.Backend.IssueCredentials(Address, TimeSpan.FromHours(1)) with { Password = "v1.99999999999.AAAA" });

        using var none = await host.SendAsync("GET", Path, null);
        using var wrong = await host.SendAsync("GET", Path, tampered);
        using var other = await host.SendAsync("LOCK", Path, foreign, LockInfo("a"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_ExpiredCredentials_Returns401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await BackendHost.StartAsync(output, timeProvider: time);
        var auth = await host.RegisterAsync(Address);
        time.Advance(TimeSpan.FromHours(2));

        using var response = await host.SendAsync("GET", Path, auth);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Lock_HeldByAnother_Returns423WithHolderLockInfo()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);

        using var first = await host.SendAsync("LOCK", Path, auth, LockInfo("first-id"));
        using var second = await host.SendAsync("LOCK", Path, auth, LockInfo("second-id"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode)423, second.StatusCode);
        using var holder = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("first-id", holder.RootElement.GetProperty("ID").GetString());
        Assert.Equal("tester@host", holder.RootElement.GetProperty("Who").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Lock_BodyWithoutId_Returns400()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);

        using var response = await host.SendAsync("LOCK", Path, auth, "{\"Who\":\"x\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Unlock_WrongIdThenHolderBody_409Then200()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);
        using var locked = await host.SendAsync("LOCK", Path, auth, LockInfo("holder-id"));

        using var wrong = await host.SendAsync("UNLOCK", Path, auth, LockInfo("other-id"));
        using var right = await host.SendAsync("UNLOCK", Path, auth, LockInfo("holder-id"));

        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("holder-id", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Null(await host.Store.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Unlock_EmptyBodyFromForceUnlock_ReleasesAnyHolder()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);
        using var locked = await host.SendAsync("LOCK", Path, auth, LockInfo("stuck-id"));

        using var forced = await host.SendAsync("UNLOCK", Path, auth);
        using var next = await host.SendAsync("LOCK", Path, auth, LockInfo("next-id"));

        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_ByHolderThenByNonHolder_200Then409AndStateKept()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);
        using var locked = await host.SendAsync("LOCK", Path, auth, LockInfo("holder-id"));

        using var holderPost = await host.SendAsync("POST", Path + "?ID=holder-id", auth, State(1));
        using var intruderPost = await host.SendAsync("POST", Path + "?ID=intruder", auth, State(2));
        using var noIdPost = await host.SendAsync("POST", Path, auth, State(3));
        using var get = await host.SendAsync("GET", Path, auth);

        Assert.Equal(HttpStatusCode.OK, holderPost.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, intruderPost.StatusCode);
        Assert.Contains("holder-id", await intruderPost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, noIdPost.StatusCode);
        Assert.Equal(State(1), await get.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_BodyOverLimit_Returns413()
    {
        await using var host = await BackendHost.StartAsync(output, o => o.MaxStateBytes = 2048);
        var auth = await host.RegisterAsync(Address);
        var big = "{\"pad\":\"" + new string('x', 4096) + "\"}";

        using var response = await host.SendAsync("POST", Path, auth, big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(await host.Store.GetStateAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_NotJson_Returns400()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);

        using var response = await host.SendAsync("POST", Path, auth, "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_SeveralStates_PreviousVersionsKeptAndReadable()
    {
        await using var host = await BackendHost.StartAsync(output, o => o.KeepPreviousVersions = 2);
        var auth = await host.RegisterAsync(Address);

        for (var serial = 1; serial <= 4; serial++)
        {
            using var post = await host.SendAsync("POST", Path, auth, State(serial));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var versions = await host.Store.ListVersionsAsync(Address, CancellationToken.None);
        Assert.Equal([4L, 3L, 2L], versions.Select(v => v.Version));
        var previous = await host.Store.GetVersionAsync(Address, 3, CancellationToken.None);
        Assert.Equal(State(3), Encoding.UTF8.GetString(previous!.Content.Span));
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_NotPartOfTheProtocol_Returns405AndStateStays()
    {
        await using var host = await BackendHost.StartAsync(output);
        var auth = await host.RegisterAsync(Address);
        using var post = await host.SendAsync("POST", Path, auth, State(1));

        using var delete = await host.SendAsync("DELETE", Path, auth);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.NotNull(await host.Store.GetStateAsync(Address, CancellationToken.None));
    }

    private static string LockInfo(string id) =>
        $"{{\"ID\":\"{id}\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\",\"Who\":\"tester@host\",\"Version\":\"1.11.4\",\"Created\":\"2026-11-24T05:00:00Z\",\"Path\":\"\"}}";

    private static string State(int serial) =>
        $"{{\"version\":4,\"terraform_version\":\"1.11.4\",\"serial\":{serial},\"lineage\":\"l\",\"outputs\":{{}},\"resources\":[]}}";
}
