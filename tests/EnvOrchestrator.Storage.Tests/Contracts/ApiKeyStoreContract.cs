using EnvOrchestrator.Core.ApiKeys;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IApiKeyStore"/> must do; derived once per implementation.</summary>
public abstract class ApiKeyStoreContract : StoreContract
{
    private IApiKeyStore Store => Stores.ApiKeys;

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_AddedKey_RoundTripsEveryField()
    {
        var key = Key("0123456789abcdef") with { };

        var added = await Store.AddAsync(key, CancellationToken.None);
        var found = await Store.FindAsync(key.Id, CancellationToken.None);

        Assert.True(added);
        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Id);
        Assert.Equal(key.Name, found.Name);
        Assert.Equal(key.SecretHash, found.SecretHash);
        Assert.Equal(key.Grants, found.Grants);
        Assert.Equal(key.CreatedBy, found.CreatedBy);
        Assert.Equal(key.CreatedAt, found.CreatedAt);
        Assert.Equal(key.ExpiresAt, found.ExpiresAt);
        Assert.False(found.Revoked);
        Assert.Null(found.RevokedAt);
    }

    [Fact(Timeout = Timeout)]
    public async Task AddAsync_SameIdTwice_SecondRefused()
    {
        await Store.AddAsync(Key("0123456789abcdef"), CancellationToken.None);

        var again = await Store.AddAsync(Key("0123456789abcdef") with { Name = "other" }, CancellationToken.None);
        var found = await Store.FindAsync("0123456789abcdef", CancellationToken.None);

        Assert.False(again);
        Assert.Equal("ci", found!.Name);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_UnknownId_ReturnsNull()
    {
        var found = await Store.FindAsync("ffffffffffffffff", CancellationToken.None);

        Assert.Null(found);
    }

    [Fact(Timeout = Timeout)]
    public async Task RevokeAsync_Twice_KeepsTheFirstRevocation()
    {
        await Store.AddAsync(Key("0123456789abcdef"), CancellationToken.None);
        var first = Start.AddHours(1);

        var revoked = await Store.RevokeAsync("0123456789abcdef", "pat", first, CancellationToken.None);
        var again = await Store.RevokeAsync("0123456789abcdef", "quinn", first.AddHours(1), CancellationToken.None);
        var found = await Store.FindAsync("0123456789abcdef", CancellationToken.None);
        var unknown = await Store.RevokeAsync("ffffffffffffffff", "pat", first, CancellationToken.None);

        Assert.True(revoked!.Revoked);
        Assert.Equal("pat", again!.RevokedBy);
        Assert.True(found!.Revoked);
        Assert.Equal(first, found.RevokedAt);
        Assert.Equal("pat", found.RevokedBy);
        Assert.False(found.IsActiveAt(first));
        Assert.Null(unknown);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_SeveralKeys_OldestFirstWithRevokedOnes()
    {
        await Store.AddAsync(Key("bbbbbbbbbbbbbbbb") with { CreatedAt = Start.AddMinutes(2) }, CancellationToken.None);
        await Store.AddAsync(Key("aaaaaaaaaaaaaaaa") with { CreatedAt = Start.AddMinutes(1) }, CancellationToken.None);
        await Store.RevokeAsync("bbbbbbbbbbbbbbbb", "pat", Start.AddMinutes(3), CancellationToken.None);

        var listed = await Store.ListAsync(CancellationToken.None);

        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], listed.Select(k => k.Id));
        Assert.True(listed[1].Revoked);
    }

    [Fact(Timeout = Timeout)]
    public async Task IsActiveAt_ExpiredKey_IsNotActive()
    {
        await Store.AddAsync(Key("0123456789abcdef"), CancellationToken.None);

        var found = await Store.FindAsync("0123456789abcdef", CancellationToken.None);

        Assert.True(found!.IsActiveAt(Start));
        Assert.False(found.IsActiveAt(Start.AddDays(30)));
    }

    private static ApiKeyRecord Key(string id) =>
        new(id, "ci", new string('a', 64), ["project:team-a:developer", "delegate"], "pat", Start, Start.AddDays(30));
}
