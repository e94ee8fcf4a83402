using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

/// <summary>The whole store contract through the sealing decorator, on Azurite.</summary>
public sealed class SealedBlobTerraformStateStoreTests(AzuriteFixture azurite) : TerraformStateStoreContractTests, IClassFixture<AzuriteFixture>
{
    protected override Task<ITerraformStateStore> CreateStoreAsync(int keepPreviousVersions)
    {
        var container = BlobTerraformStateStore.CreateContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("tfstate"));
        var blob = new BlobTerraformStateStore(container, Time, keepPreviousVersions);
        return Task.FromResult<ITerraformStateStore>(new SealingTerraformStateStore(blob, new EphemeralDataProtectionProvider().CreateProtector(SealingTerraformStateStore.Purpose)));
    }
}

/// <summary>What a reader of the storage account sees: sealed states only, no secret in clear.</summary>
public sealed class SealingTerraformStateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Secret = "planted-db-password-7f3a9c";

    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("team-a", "shop.db");

    private static byte[] State(int serial) => Encoding.UTF8.GetBytes(
        "{\"version\":4,\"serial\":" + serial + ",\"lineage\":\"l\",\"outputs\":{\"password\":{\"value\":\"" + Secret + "\",\"type\":\"string\",\"sensitive\":true}},\"resources\":[]}");

    [Fact(Timeout = 30_000)]
    public async Task WriteAndRead_PlantedSecret_StoredSealedReadBackInClearWithEveryVersion()
    {
        var (raw, sealedStore) = Stores(new EphemeralDataProtectionProvider());
        await raw.RegisterAsync(Address, CancellationToken.None);

        await sealedStore.WriteStateAsync(Address, null, State(1), CancellationToken.None);
        await sealedStore.WriteStateAsync(Address, null, State(2), CancellationToken.None);

        var stored = await raw.GetStateAsync(Address, CancellationToken.None);
        Assert.True(stored!.Content.Span.StartsWith(SealingTerraformStateStore.Marker));
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(stored.Content.Span), StringComparison.Ordinal);
        foreach (var version in await raw.ListVersionsAsync(Address, CancellationToken.None))
        {
            var old = await raw.GetVersionAsync(Address, version.Version, CancellationToken.None);
            Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(old!.Content.Span), StringComparison.Ordinal);
        }

        Assert.Equal(State(2), (await sealedStore.GetStateAsync(Address, CancellationToken.None))!.Content.ToArray());
        var versions = await sealedStore.ListVersionsAsync(Address, CancellationToken.None);
        Assert.Equal(State(1), (await sealedStore.GetVersionAsync(Address, versions[^1].Version, CancellationToken.None))!.Content.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_StateWrittenBeforeSealing_ReturnedAsItIsAndSealedOnItsNextWrite()
    {
        var (raw, sealedStore) = Stores(new EphemeralDataProtectionProvider());
        await raw.RegisterAsync(Address, CancellationToken.None);
        await raw.WriteStateAsync(Address, null, State(1), CancellationToken.None);

        Assert.Equal(State(1), (await sealedStore.GetStateAsync(Address, CancellationToken.None))!.Content.ToArray());
        await sealedStore.WriteStateAsync(Address, null, State(2), CancellationToken.None);

        Assert.True((await raw.GetStateAsync(Address, CancellationToken.None))!.Content.Span.StartsWith(SealingTerraformStateStore.Marker));
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_SealedByAnotherKeyRing_StorageFailureNotGarbage()
    {
        var (raw, sealedStore) = Stores(new EphemeralDataProtectionProvider());
        await raw.RegisterAsync(Address, CancellationToken.None);
        await sealedStore.WriteStateAsync(Address, null, State(1), CancellationToken.None);
        var stranger = new SealingTerraformStateStore(raw, new EphemeralDataProtectionProvider().CreateProtector(SealingTerraformStateStore.Purpose));

        var error = await Assert.ThrowsAsync<TerraformStateStorageException>(() => stranger.GetStateAsync(Address, CancellationToken.None));

        Assert.Contains("key ring", error.Message, StringComparison.Ordinal);
    }

    private (ITerraformStateStore Raw, ITerraformStateStore Sealed) Stores(EphemeralDataProtectionProvider keyRing)
    {
        var container = BlobTerraformStateStore.CreateContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("tfstate"));
        var raw = new BlobTerraformStateStore(container, TimeProvider.System, keepPreviousVersions: 3);
        return (raw, new SealingTerraformStateStore(raw, keyRing.CreateProtector(SealingTerraformStateStore.Purpose)));
    }
}
