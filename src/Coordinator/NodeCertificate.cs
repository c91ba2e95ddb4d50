using Data.Failures;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coordinator;

/// <summary>
/// The certificate of a cluster's Akka.Remote TLS: every node of a cluster holds the same one, presents it and accepts
/// only peers that present it too (pinned by thumbprint), so a node without it can neither join nor send a message.
/// </summary>
public static class NodeCertificate
{
    /// <summary>How long a local cluster's throwaway certificate is valid: far longer than any run, short enough to be worthless later.</summary>
    private static readonly TimeSpan ThrowawayLifetime = TimeSpan.FromDays(7);

    /// <summary>RSA key size of the throwaway certificate (the current minimum recommended for TLS).</summary>
    private const int KeyBits = 2048;

    /// <summary>Loads a certificate with its private key from a PEM file (certificate and key) or a PKCS#12 file without a password.</summary>
    /// <exception cref="InvalidInputException">The file is missing, unreadable, or has no private key (the message names it).</exception>
    public static X509Certificate2 Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"--tls-certificate {path}: the file does not exist.");
        X509Certificate2 certificate;
        try
        {
            string head = File.ReadAllText(path).TrimStart();
            certificate = head.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }
        catch (CryptographicException error)
        {
            throw new InvalidInputException($"--tls-certificate {path}: not a PEM file with a certificate and its private key, nor a PKCS#12 file without a password ({error.Message}).", error);
        }
        using (certificate)
        {
            if (!certificate.HasPrivateKey) throw new InvalidInputException($"--tls-certificate {path}: the certificate has no private key; the file must hold both.");
            // Re-imported through PKCS#12 so the key is usable by the TLS stack on every platform (a PEM key is ephemeral).
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Writes a new self-signed certificate and its key to <paramref name="path"/> (PEM, readable by its owner only).</summary>
    public static void WriteThrowaway(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using RSA key = RSA.Create(KeyBits);
        var request = new CertificateRequest("CN=als local cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + ThrowawayLifetime);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(file);
            writer.Write(certificate.ExportCertificatePem());
            writer.Write('\n');
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }
    }
}
