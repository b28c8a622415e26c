using CommPlan.Credentials;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Where the organisation's plans live in Microsoft 365 and how the app reaches them. Every Microsoft endpoint is a
/// setting, so the app runs against a loopback Graph and token server exactly as against Microsoft 365.
/// </summary>
public sealed class SharePointOptions
{
    public const string Section = "SharePoint";
    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The site's Graph id ({hostname},{site-collection-id},{web-id}); or set <see cref="SiteUrl"/>.</summary>
    public string? SiteId { get; set; }

    /// <summary>The site's address, e.g. https://contoso.sharepoint.com/sites/kommunikation.</summary>
    public string? SiteUrl { get; set; }

    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    /// <summary>
    /// The token authority, https://{host}/{tenant} (a sovereign cloud, a test endpoint); empty means
    /// https://login.microsoftonline.com/{TenantId}. Its tenant is the one tokens come from.
    /// </summary>
    public string? Authority { get; set; }

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }

    /// <summary>The app's credential is exactly one of: this client secret, a certificate file, or a certificate in the store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A PKCS#12 (.pfx) file, or a PEM file with the certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of the .pfx, or of an encrypted PEM private key.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>A certificate in CurrentUser\My or LocalMachine\My, by its SHA-1 thumbprint (Windows, Azure App Service).</summary>
    public string? ClientCertificateThumbprint { get; set; }

    /// <summary>The scope tokens are asked for: the Graph resource's .default.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>Named in every request's User-Agent (NONISV|Organisation|CommPlan/version), as SharePoint asks.</summary>
    public string Organisation { get; set; } = "";

    public string ActivitiesList { get; set; } = "Activity plan";
    public string PlansList { get; set; } = "Communication plans";

    /// <summary>Document libraries by the app's library key (what <c>IDocumentStore</c> is called with).</summary>
    public Dictionary<string, string> Libraries { get; set; } = new(StringComparer.Ordinal)
    {
        ["plans"] = "Plan documents",
        ["press-releases"] = "Press releases",
    };

    /// <summary>Retries of a throttled (429/503/504) request; the SDK's retry handler waits Retry-After each time.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>
    /// The longest throttling wait a person's request sits out; SharePoint asks for longer (70–250 s is common) and
    /// the request fails at once with "try again in N seconds" instead of holding the tab.
    /// </summary>
    public TimeSpan InteractiveMaxWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest single throttling wait of bulk work (imports, provisioning): SharePoint asking for more is waited
    /// this long and asked again. Bulk work gives up only after <see cref="MaxRetries"/>.
    /// </summary>
    public TimeSpan BulkMaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The site's regional time zone: SharePoint returns date-only columns as that zone's midnight in UTC.</summary>
    public string SiteTimeZone { get; set; } = "Europe/Stockholm";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SiteId) || !string.IsNullOrWhiteSpace(SiteUrl);

    public string EffectiveAuthority => string.IsNullOrWhiteSpace(Authority)
        ? $"https://login.microsoftonline.com/{TenantId}"
        : Authority.TrimEnd('/');

    /// <summary>
    /// The authority as the token credential takes it: the host and the tenant, its first path segment (what MSAL,
    /// underneath, reads as the tenant: anything after it is not used). Null when <see cref="Authority"/> is not such a URL.
    /// </summary>
    public TokenAuthority? TokenAuthority
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Authority))
                return string.IsNullOrWhiteSpace(TenantId) ? null : new TokenAuthority(new Uri("https://login.microsoftonline.com/"), TenantId.Trim(), false);
            if (!Uri.TryCreate(Authority.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return null;
            var tenant = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return tenant is null ? null : new TokenAuthority(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), tenant, true);
        }
    }

    public string LibraryName(string key) => Libraries.TryGetValue(key, out var name) ? name : key;

    public AppCredentialSettings CredentialSettings() => new($"{Section}:ClientSecret", $"{Section}:ClientCertificate")
    {
        Secret = ClientSecret,
        CertificatePath = ClientCertificatePath,
        CertificatePassword = ClientCertificatePassword,
        CertificateThumbprint = ClientCertificateThumbprint,
    };

    /// <summary>Stops the start with a message that names the missing and the conflicting settings.</summary>
    public void Validate()
    {
        var missing = new List<string>();
        if (!IsConfigured) missing.Add($"{Section}:SiteId or {Section}:SiteUrl");
        if (string.IsNullOrWhiteSpace(ClientId)) missing.Add($"{Section}:ClientId");
        if (CredentialSettings().Missing is { } credential) missing.Add(credential);
        if (string.IsNullOrWhiteSpace(TenantId) && string.IsNullOrWhiteSpace(Authority)) missing.Add($"{Section}:TenantId");
        if (!string.IsNullOrWhiteSpace(Authority) && TokenAuthority is null)
            missing.Add($"{Section}:Authority (an https URL ending in the tenant, e.g. https://login.microsoftonline.us/{{tenant}})");
        if (string.IsNullOrWhiteSpace(Organisation)) missing.Add($"{Section}:Organisation");
        if (!Uri.TryCreate(GraphBaseUrl, UriKind.Absolute, out _)) missing.Add($"{Section}:GraphBaseUrl (an absolute URL)");
        if (InteractiveMaxWait < TimeSpan.Zero) missing.Add($"{Section}:InteractiveMaxWait (a duration, e.g. 00:00:05)");
        if (BulkMaxWait < InteractiveMaxWait) missing.Add($"{Section}:BulkMaxWait (a duration at least InteractiveMaxWait, e.g. 00:05:00)");
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add("set " + string.Join(", ", missing) + ".");
        if (CredentialSettings().Conflict is { } conflict) problems.Add(conflict);
        if (problems.Count > 0)
            throw new InvalidOperationException("SharePoint storage is configured but " + (missing.Count > 0 ? "incomplete: " : "inconsistent: ") + string.Join(" ", problems));
    }

    /// <summary>The app's credential, a certificate loaded and checked: stops the start with the setting and the reason when it cannot be used.</summary>
    public AppCredential LoadCredential(TimeProvider clock)
    {
        Validate();
        return CredentialSettings().Load(clock);
    }
}

/// <summary>Where app-only tokens come from: the authority host, the tenant, and whether the host is a configured one (not the public cloud's).</summary>
public sealed record TokenAuthority(Uri Host, string Tenant, bool IsConfigured);
