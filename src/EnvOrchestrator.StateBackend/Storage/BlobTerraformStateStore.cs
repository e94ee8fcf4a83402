using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>
/// Keeps states in one blob container. Per address <c>{workspace}/{state}/</c>: <c>lock</c> (created at registration;
/// empty = unlocked, else the holder as JSON; changed only with If-Match on its ETag, so two lockers cannot both win),
/// <c>state</c> (the current document, metadata <c>version</c>) and <c>versions/{000000000042}</c> (current and previous).
/// Storage failures surface as <see cref="TerraformStateStorageException"/>, never as the SDK's header dump.
/// </summary>
public sealed class BlobTerraformStateStore : ITerraformStateStore
{
    /// <summary>
    /// The Blob service version the store's clients pin: the newest that Azurite 3.37 accepts when started with its
    /// default flags (without <c>--skipApiVersionCheck</c>), as users run it. The SDK's default (2026-10-06) is
    /// rejected there with 400 <c>InvalidHeaderValue</c> on every call. Azure accepts this version too.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private const string LockedMetadata = "locked";
    private const string VersionMetadata = "version";
    private const string WrittenAtMetadata = "writtenat";
    private const int ConflictRetries = 8;

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _timeProvider;
    private readonly int _keepPreviousVersions;
    private volatile bool _containerReady;

    /// <param name="keepPreviousVersions">How many versions older than the current one to keep.</param>
    public BlobTerraformStateStore(BlobContainerClient container, TimeProvider timeProvider, int keepPreviousVersions)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(keepPreviousVersions);
        _container = container;
        _timeProvider = timeProvider;
        _keepPreviousVersions = keepPreviousVersions;
    }

    /// <summary>
    /// The container client to give the constructor: pinned to <see cref="BlobServiceVersion"/>, with retries short
    /// enough (2–3 s in all) that Terraform, which retries a 503 itself, is not kept waiting on a dead account.
    /// </summary>
    public static BlobContainerClient CreateContainerClient(string connectionString, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        return new BlobServiceClient(connectionString, ClientOptions()).GetBlobContainerClient(containerName);
    }

    /// <summary>As <see cref="CreateContainerClient(string, string)"/>, for an account reached by endpoint and identity (shared keys off).</summary>
    public static BlobContainerClient CreateContainerClient(Uri blobEndpoint, Azure.Core.TokenCredential credential, string containerName)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        return new BlobServiceClient(blobEndpoint, credential, ClientOptions()).GetBlobContainerClient(containerName);
    }

    private static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions(BlobServiceVersion);
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        return options;
    }

    public Task<bool> RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await LockBlob(address).UploadAsync(
                        BinaryData.Empty,
                        new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                        cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    return false;
                }
            },
            cancellationToken);

    public Task<bool> IsRegisteredAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var exists = await LockBlob(address).ExistsAsync(cancellationToken).ConfigureAwait(false);
                return exists.Value;
            },
            cancellationToken);

    public Task<StoredState?> GetStateAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                return await DownloadStateAsync(StateBlob(address), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<LockAttempt> TryLockAsync(TerraformStateAddress address, TerraformStateLock requested, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                ArgumentNullException.ThrowIfNull(requested);
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var blob = LockBlob(address);
                for (var attempt = 0; ; attempt++)
                {
                    var current = await ReadLockAsync(blob, cancellationToken).ConfigureAwait(false);
                    if (current is null)
                    {
                        return new LockAttempt(LockOutcome.UnknownAddress, null);
                    }

                    if (current.Value.Holder is { } holder)
                    {
                        return holder.Id == requested.Id
                            ? new LockAttempt(LockOutcome.Acquired, holder)
                            : new LockAttempt(LockOutcome.Held, holder);
                    }

                    try
                    {
                        await blob.UploadAsync(
                            LockDocument.From(requested).ToBinaryData(),
                            new BlobUploadOptions
                            {
                                Conditions = new BlobRequestConditions { IfMatch = current.Value.ETag },
                                Metadata = new Dictionary<string, string> { [LockedMetadata] = "true" },
                            },
                            cancellationToken).ConfigureAwait(false);
                        return new LockAttempt(LockOutcome.Acquired, requested);
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412 && attempt < ConflictRetries)
                    {
                        // Someone changed the lock between our read and write: read again and decide again.
                    }
                }
            },
            cancellationToken);

    public Task<UnlockAttempt> UnlockAsync(TerraformStateAddress address, string? lockId, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var blob = LockBlob(address);
                for (var attempt = 0; ; attempt++)
                {
                    var current = await ReadLockAsync(blob, cancellationToken).ConfigureAwait(false);
                    if (current is null)
                    {
                        return new UnlockAttempt(UnlockOutcome.UnknownAddress, null);
                    }

                    if (current.Value.Holder is not { } holder)
                    {
                        return new UnlockAttempt(UnlockOutcome.NotLocked, null);
                    }

                    if (lockId is not null && holder.Id != lockId)
                    {
                        return new UnlockAttempt(UnlockOutcome.HeldByOther, holder);
                    }

                    try
                    {
                        await blob.UploadAsync(
                            BinaryData.Empty,
                            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = current.Value.ETag } },
                            cancellationToken).ConfigureAwait(false);
                        return new UnlockAttempt(UnlockOutcome.Released, holder);
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412 && attempt < ConflictRetries)
                    {
                        // The lock changed under us: decide again on what is there now.
                    }
                }
            },
            cancellationToken);

    public Task<TerraformStateLock?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var current = await ReadLockAsync(LockBlob(address), cancellationToken).ConfigureAwait(false);
                return current?.Holder;
            },
            cancellationToken);

    public Task<StateWriteAttempt> WriteStateAsync(TerraformStateAddress address, string? lockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var current = await ReadLockAsync(LockBlob(address), cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    return new StateWriteAttempt(StateWriteOutcome.UnknownAddress, 0, null);
                }

                if (current.Value.Holder?.Id != lockId)
                {
                    return new StateWriteAttempt(StateWriteOutcome.LockMismatch, 0, current.Value.Holder);
                }

                var stateBlob = StateBlob(address);
                var data = BinaryData.FromBytes(content);
                for (var attempt = 0; ; attempt++)
                {
                    var (previousVersion, previousETag) = await ReadVersionAsync(stateBlob, cancellationToken).ConfigureAwait(false);
                    var version = previousVersion + 1;
                    var metadata = new Dictionary<string, string>
                    {
                        [VersionMetadata] = version.ToString(CultureInfo.InvariantCulture),
                        [WrittenAtMetadata] = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                    };

                    // The version blob first: a crash between the two writes leaves an extra version, never a lost one.
                    await VersionBlob(address, version).UploadAsync(data, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await stateBlob.UploadAsync(
                            data,
                            new BlobUploadOptions
                            {
                                Metadata = metadata,
                                Conditions = previousETag is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
                            },
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < ConflictRetries)
                    {
                        continue;
                    }

                    await PruneVersionsAsync(address, cancellationToken).ConfigureAwait(false);
                    return new StateWriteAttempt(StateWriteOutcome.Written, version, null);
                }
            },
            cancellationToken);

    public Task<IReadOnlyList<StateVersionInfo>> ListVersionsAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<StateVersionInfo>>(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var versions = new List<StateVersionInfo>();
                await foreach (var item in _container.GetBlobsAsync(
                    new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = VersionsPrefix(address) }, cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(new StateVersionInfo(ParseVersion(item.Metadata), item.Properties.ContentLength ?? 0, ParseWrittenAt(item.Metadata)));
                }

                return versions.OrderByDescending(v => v.Version).ToList();
            },
            cancellationToken);

    public Task<StoredState?> GetVersionAsync(TerraformStateAddress address, long version, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                return await DownloadStateAsync(VersionBlob(address, version), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<IReadOnlyList<HeldStateLock>> ListLocksAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<HeldStateLock>>(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var locks = new List<HeldStateLock>();
                await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
                {
                    if (!item.Name.EndsWith("/lock", StringComparison.Ordinal) || !item.Metadata.ContainsKey(LockedMetadata))
                    {
                        continue;
                    }

                    var parts = item.Name.Split('/');
                    if (parts.Length == 3 && TerraformStateAddress.TryCreate(parts[0], parts[1], out var address) &&
                        await GetLockAsync(address, cancellationToken).ConfigureAwait(false) is { } holder)
                    {
                        locks.Add(new HeldStateLock(address, holder));
                    }
                }

                return locks;
            },
            cancellationToken);

    public Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var names = new List<string>();
                await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(address) }, cancellationToken).ConfigureAwait(false))
                {
                    names.Add(item.Name);
                }

                // The lock blob is the registration: delete it last so a half-finished delete can be repeated.
                var lockName = LockBlob(address).Name;
                foreach (var name in names.Where(n => n != lockName))
                {
                    await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                var response = await LockBlob(address).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return response.Value;
            },
            cancellationToken);

    // Every public operation runs through here, so a caller (the endpoints, the orchestrator) sees one concise failure type.
    private static async Task<T> GuardAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (TerraformStateStorageException.From(ex, cancellationToken) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure;
        }
    }

    private static string Prefix(TerraformStateAddress address) => address.Workspace + "/" + address.StateName + "/";

    private static string VersionsPrefix(TerraformStateAddress address) => Prefix(address) + "versions/";

    private static long ParseVersion(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(VersionMetadata, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static DateTimeOffset ParseWrittenAt(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(WrittenAtMetadata, out var text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var writtenAt) ? writtenAt : default;

    private static async Task<(TerraformStateLock? Holder, ETag ETag)?> ReadLockAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return (LockDocument.Parse(response.Value.Content), response.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<(long Version, ETag? ETag)> ReadVersionAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return (ParseVersion(properties.Value.Metadata), properties.Value.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (0, null);
        }
    }

    private static async Task<StoredState?> DownloadStateAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var metadata = response.Value.Details.Metadata;
            return new StoredState(response.Value.Content.ToMemory(), ParseVersion(metadata), ParseWrittenAt(metadata));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task PruneVersionsAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(address, cancellationToken).ConfigureAwait(false);
        foreach (var old in versions.Skip(_keepPreviousVersions + 1))
        {
            await VersionBlob(address, old.Version).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private BlobClient LockBlob(TerraformStateAddress address) => _container.GetBlobClient(Prefix(address) + "lock");

    private BlobClient StateBlob(TerraformStateAddress address) => _container.GetBlobClient(Prefix(address) + "state");

    private BlobClient VersionBlob(TerraformStateAddress address, long version) =>
        _container.GetBlobClient(VersionsPrefix(address) + version.ToString("D12", CultureInfo.InvariantCulture));

    // Creating an existing container is harmless, so concurrent first calls need no gate.
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerReady)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerReady = true;
        }
    }
}
