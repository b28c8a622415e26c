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

    /// <summary>Press releases and where each stands in its approval (the documents are in the press-release library).</summary>
    public string PressReleasesList { get; set; } = "Press release approvals";

    /// <summary>The append-only record of every press release's state changes, for the registrar.</summary>
    public string PressReleaseRecordList { get; set; } = "Press release record";

    /// <summary>
    /// The append-only history of the activities' changes (who, when, field before and after). A list of its own
    /// rather than the items' version history: the app writes as itself, so a version would not say who made it,
    /// and an item's versions go with it when it is deleted or trimmed by the site's version limit.
    /// </summary>
    public string ActivityHistoryList { get; set; } = "Activity history";

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

    /// <summary>
    /// What keeps the app from working with SharePoint, one sentence per setting in the app's format
    /// (<c>Setting SharePoint:ClientId must be set ….</c>); empty when the settings are usable.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Add(string setting, string reason, string? was = null) =>
            problems.Add(was is null ? $"Setting {Section}:{setting} {reason}." : $"Setting {Section}:{setting} {reason} (was '{was}').");
        const string whenConfigured = "when SharePoint storage is configured (SharePoint:SiteId or SharePoint:SiteUrl)";

        if (!IsConfigured) problems.Add($"Setting {Section}:SiteId or {Section}:SiteUrl must be set for SharePoint storage.");
        if (!string.IsNullOrWhiteSpace(SiteUrl) && (!Uri.TryCreate(SiteUrl.Trim(), UriKind.Absolute, out var site) || site.Scheme != Uri.UriSchemeHttps))
            Add("SiteUrl", "must be the site's https address, e.g. https://contoso.sharepoint.com/sites/kommunikation", SiteUrl);
        if (string.IsNullOrWhiteSpace(ClientId)) Add("ClientId", "must be set " + whenConfigured);
        if (CredentialSettings().Missing is { } credential) problems.Add($"Setting {credential} must be set {whenConfigured}.");
        if (CredentialSettings().Conflict is { } conflict) problems.Add("Setting " + conflict);
        if (string.IsNullOrWhiteSpace(TenantId) && string.IsNullOrWhiteSpace(Authority)) Add("TenantId", "must be set " + whenConfigured);
        if (!string.IsNullOrWhiteSpace(Authority) && TokenAuthority is null)
            Add("Authority", "must be an https URL ending in the tenant, e.g. https://login.microsoftonline.us/{tenant}", Authority);
        if (string.IsNullOrWhiteSpace(Organisation)) Add("Organisation", "must be set " + whenConfigured + ": SharePoint asks apps to name their organisation in the User-Agent");
        if (!Uri.TryCreate(GraphBaseUrl, UriKind.Absolute, out var graph) || graph.Scheme is not ("https" or "http"))
            Add("GraphBaseUrl", "must be an absolute URL, e.g. https://graph.microsoft.com/v1.0", GraphBaseUrl);
        if (string.IsNullOrWhiteSpace(Scope)) Add("Scope", "must be set, e.g. https://graph.microsoft.com/.default");
        if (string.IsNullOrWhiteSpace(ActivitiesList)) Add("ActivitiesList", "must name the list that holds the activity plan");
        if (string.IsNullOrWhiteSpace(PlansList)) Add("PlansList", "must name the list that holds the plans");
        foreach (var (key, name) in Libraries)
            if (string.IsNullOrWhiteSpace(name)) Add($"Libraries:{key}", "must name a document library");
        if (MaxRetries is < 0 or > 10) Add("MaxRetries", "must be from 0 to 10", MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (InteractiveMaxWait < TimeSpan.Zero) Add("InteractiveMaxWait", "must not be negative (a duration, e.g. 00:00:05)", InteractiveMaxWait.ToString("c"));
        if (BulkMaxWait < InteractiveMaxWait)
            Add("BulkMaxWait", $"must be at least SharePoint:InteractiveMaxWait ({InteractiveMaxWait:c})", BulkMaxWait.ToString("c"));
        if (string.IsNullOrWhiteSpace(SiteTimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(SiteTimeZone.Trim(), out _))
            Add("SiteTimeZone", "must be an IANA time zone id such as Europe/Stockholm", SiteTimeZone);
        return problems;
    }

    /// <summary>Stops the start with a message that names each setting that cannot be used and why.</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
            throw new InvalidOperationException("SharePoint storage is configured but cannot be used: " + string.Join(" ", problems));
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
