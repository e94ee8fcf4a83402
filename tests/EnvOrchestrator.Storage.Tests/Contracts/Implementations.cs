using EnvOrchestrator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Storage.Tests.Contracts;

// Each contract runs once on the in-memory stores and once on Table/Blob Storage (Azurite).
public sealed class InMemoryEnvironmentStoreTests : EnvironmentStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteEnvironmentStoreTests(AzuriteFixture azurite) : EnvironmentStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryRunStoreTests : RunStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteRunStoreTests(AzuriteFixture azurite) : RunStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryStepLogStoreTests : StepLogStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteStepLogStoreTests(AzuriteFixture azurite) : StepLogStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryIdempotencyStoreTests : IdempotencyStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteIdempotencyStoreTests(AzuriteFixture azurite) : IdempotencyStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryActiveRunIndexTests : ActiveRunIndexContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteActiveRunIndexTests(AzuriteFixture azurite) : ActiveRunIndexContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryAuditLogTests : AuditLogContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteAuditLogTests(AzuriteFixture azurite) : AuditLogContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryApiKeyStoreTests : ApiKeyStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteApiKeyStoreTests(AzuriteFixture azurite) : ApiKeyStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryProjectQuotaStoreTests : ProjectQuotaStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteProjectQuotaStoreTests(AzuriteFixture azurite) : ProjectQuotaStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}

public sealed class InMemoryWebhookStoreTests : WebhookStoreContract
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => Task.FromResult(StoreSet.InMemory(time));
}

public sealed class AzuriteWebhookStoreTests(AzuriteFixture azurite) : WebhookStoreContract, IClassFixture<AzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite, time);
}
