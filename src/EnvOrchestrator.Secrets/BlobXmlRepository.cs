using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Data Protection's key ring in a blob container: one blob per key, <c>keys/{friendly name}.xml</c>, never
/// overwritten (a key's XML does not change; revocations are new elements). Every instance reads the same
/// container, so all of them protect and unprotect with the same keys, across restarts.
/// </summary>
/// <remarks>Synchronous because <see cref="IXmlRepository"/> is; Data Protection caches the ring and rereads it rarely.</remarks>
internal sealed class BlobXmlRepository(BlobContainerClient container, ILogger<BlobXmlRepository> logger) : IXmlRepository
{
    public const string Folder = "keys/";

    public BlobContainerClient Container => container;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        foreach (var item in container.GetBlobs(BlobTraits.None, BlobStates.None, Folder, CancellationToken.None))
        {
            var content = container.GetBlobClient(item.Name).DownloadContent().Value.Content;
            elements.Add(XElement.Parse(content.ToString()));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);

        // Friendly names are "key-{guid}" today; anything else still gets a unique, safe blob name.
        var name = Folder + (IsSafe(friendlyName) ? friendlyName : "element-" + Guid.NewGuid().ToString("N")) + ".xml";
        try
        {
            container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            name = Folder + "element-" + Guid.NewGuid().ToString("N") + ".xml";
            container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }

        logger.KeyStored(name);
    }

    private static bool IsSafe(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 200 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
