export namespace app {
	
	export class AppInfo {
	    version: string;
	    dataDir: string;
	    demo: boolean;
	    apiUrl: string;
	    os: string;
	    cacheNotice: string;
	
	    static createFrom(source: any = {}) {
	        return new AppInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.dataDir = source["dataDir"];
	        this.demo = source["demo"];
	        this.apiUrl = source["apiUrl"];
	        this.os = source["os"];
	        this.cacheNotice = source["cacheNotice"];
	    }
	}
	export class ConnectTargetRequest {
	    name: string;
	    fields: Record<string, string>;
	    withoutKeychain: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ConnectTargetRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.fields = source["fields"];
	        this.withoutKeychain = source["withoutKeychain"];
	    }
	}
	export class Counts {
	    total: number;
	    finished: number;
	    noFavorite: number;
	    actioned: number;
	    toReview: number;
	    inProgress: number;
	    failed: number;
	    pendingInvites: number;
	    deleted: number;
	    byStatus: Record<string, number>;
	    credits: number;
	    memberTabs: workflow.Tab[];
	    headshotTabs: workflow.Tab[];
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.finished = source["finished"];
	        this.noFavorite = source["noFavorite"];
	        this.actioned = source["actioned"];
	        this.toReview = source["toReview"];
	        this.inProgress = source["inProgress"];
	        this.failed = source["failed"];
	        this.pendingInvites = source["pendingInvites"];
	        this.deleted = source["deleted"];
	        this.byStatus = source["byStatus"];
	        this.credits = source["credits"];
	        this.memberTabs = this.convertValues(source["memberTabs"], workflow.Tab);
	        this.headshotTabs = this.convertValues(source["headshotTabs"], workflow.Tab);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExportCSVRequest {
	    teamId: string;
	    tab: string;
	    search: string;
	    hideActioned: boolean;
	    sort: string;
	    chooseLocation: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ExportCSVRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.teamId = source["teamId"];
	        this.tab = source["tab"];
	        this.search = source["search"];
	        this.hideActioned = source["hideActioned"];
	        this.sort = source["sort"];
	        this.chooseLocation = source["chooseLocation"];
	    }
	}
	export class ExportFolder {
	    label: string;
	    cancelled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ExportFolder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.cancelled = source["cancelled"];
	    }
	}
	export class ExportResult {
	    id: string;
	    path: string;
	    rows: number;
	    cancelled: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.path = source["path"];
	        this.rows = source["rows"];
	        this.cancelled = source["cancelled"];
	        this.note = source["note"];
	    }
	}
	export class FavoritesRequest {
	    teamId: string;
	    format: string;
	    preset: string;
	
	    static createFrom(source: any = {}) {
	        return new FavoritesRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.teamId = source["teamId"];
	        this.format = source["format"];
	        this.preset = source["preset"];
	    }
	}
	export class GalleryPhoto {
	    id: string;
	    thumbUrl: string;
	    mainUrl: string;
	    favorite: boolean;
	    liked: string;
	    createdAt: string;
	    expiresAt: string;
	
	    static createFrom(source: any = {}) {
	        return new GalleryPhoto(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.thumbUrl = source["thumbUrl"];
	        this.mainUrl = source["mainUrl"];
	        this.favorite = source["favorite"];
	        this.liked = source["liked"];
	        this.createdAt = source["createdAt"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class JobRef {
	    jobId: string;
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new JobRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobId = source["jobId"];
	        this.kind = source["kind"];
	    }
	}
	export class JobReport {
	    jobId: string;
	    kind: string;
	    seq: number;
	    state: string;
	    phase: string;
	    done: number;
	    total: number;
	    failed: number;
	    bytes: number;
	    error?: string;
	    failures: jobs.Failure[];
	    startedAt: string;
	    finishedAt: string;
	    result?: string;
	
	    static createFrom(source: any = {}) {
	        return new JobReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobId = source["jobId"];
	        this.kind = source["kind"];
	        this.seq = source["seq"];
	        this.state = source["state"];
	        this.phase = source["phase"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.failed = source["failed"];
	        this.bytes = source["bytes"];
	        this.error = source["error"];
	        this.failures = this.convertValues(source["failures"], jobs.Failure);
	        this.startedAt = source["startedAt"];
	        this.finishedAt = source["finishedAt"];
	        this.result = source["result"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobSnapshot {
	    progress: jobs.Progress;
	    report?: JobReport;
	
	    static createFrom(source: any = {}) {
	        return new JobSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.progress = this.convertValues(source["progress"], jobs.Progress);
	        this.report = this.convertValues(source["report"], JobReport);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MemberPageResult {
	    opened: boolean;
	    notice: string;
	
	    static createFrom(source: any = {}) {
	        return new MemberPageResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.opened = source["opened"];
	        this.notice = source["notice"];
	    }
	}
	export class OutboxEntry {
	    id: number;
	    kind: string;
	    label: string;
	    state: string;
	    attempts: number;
	    message: string;
	    createdAt: string;
	    nextTryAt: string;
	
	    static createFrom(source: any = {}) {
	        return new OutboxEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.state = source["state"];
	        this.attempts = source["attempts"];
	        this.message = source["message"];
	        this.createdAt = source["createdAt"];
	        this.nextTryAt = source["nextTryAt"];
	    }
	}
	export class PFPTemplate {
	    shape: string;
	    size: number;
	    background: string;
	    outline: string;
	    outlineWidth: number;
	    grayscale: boolean;
	    framing: string;
	
	    static createFrom(source: any = {}) {
	        return new PFPTemplate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shape = source["shape"];
	        this.size = source["size"];
	        this.background = source["background"];
	        this.outline = source["outline"];
	        this.outlineWidth = source["outlineWidth"];
	        this.grayscale = source["grayscale"];
	        this.framing = source["framing"];
	    }
	}
	export class PendingInvite {
	    email: string;
	    name: string;
	    teamName: string;
	    invitedAt: string;
	    state: string;
	    message: string;
	    outboxId: number;
	    revokeQueued: boolean;
	    resending: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PendingInvite(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.name = source["name"];
	        this.teamName = source["teamName"];
	        this.invitedAt = source["invitedAt"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.outboxId = source["outboxId"];
	        this.revokeQueued = source["revokeQueued"];
	        this.resending = source["resending"];
	    }
	}
	export class PendingInvites {
	    items: PendingInvite[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new PendingInvites(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], PendingInvite);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PersonRow {
	    key: string;
	    memberId: string;
	    email: string;
	    name: string;
	    title: string;
	    teamId: string;
	    teamName: string;
	    status: string;
	    csvStatus: string;
	    modelId: string;
	    hasFavorite: boolean;
	    thumbUrl: string;
	    finishedAt: string;
	    joinedAt: string;
	    invitedAt: string;
	    actioned: boolean;
	    actionedAt: string;
	    shoots: number;
	    retryUntil: string;
	    retryBlocked: string;
	    retryClosing: boolean;
	    retryDaysLeft: number;
	    stageDetail: string;
	    resultsNote: string;
	    resultsSoon: boolean;
	    resultsDeleteOn: string;
	    lifecycle: string;
	    stage: string;
	    shootFinished: boolean;
	    noFavorite: boolean;
	    canAction: boolean;
	    shootDeleted: boolean;
	    canRestart: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PersonRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.memberId = source["memberId"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.title = source["title"];
	        this.teamId = source["teamId"];
	        this.teamName = source["teamName"];
	        this.status = source["status"];
	        this.csvStatus = source["csvStatus"];
	        this.modelId = source["modelId"];
	        this.hasFavorite = source["hasFavorite"];
	        this.thumbUrl = source["thumbUrl"];
	        this.finishedAt = source["finishedAt"];
	        this.joinedAt = source["joinedAt"];
	        this.invitedAt = source["invitedAt"];
	        this.actioned = source["actioned"];
	        this.actionedAt = source["actionedAt"];
	        this.shoots = source["shoots"];
	        this.retryUntil = source["retryUntil"];
	        this.retryBlocked = source["retryBlocked"];
	        this.retryClosing = source["retryClosing"];
	        this.retryDaysLeft = source["retryDaysLeft"];
	        this.stageDetail = source["stageDetail"];
	        this.resultsNote = source["resultsNote"];
	        this.resultsSoon = source["resultsSoon"];
	        this.resultsDeleteOn = source["resultsDeleteOn"];
	        this.lifecycle = source["lifecycle"];
	        this.stage = source["stage"];
	        this.shootFinished = source["shootFinished"];
	        this.noFavorite = source["noFavorite"];
	        this.canAction = source["canAction"];
	        this.shootDeleted = source["shootDeleted"];
	        this.canRestart = source["canRestart"];
	    }
	}
	export class PeoplePage {
	    items: PersonRow[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new PeoplePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], PersonRow);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PeopleRequest {
	    search: string;
	    tab: string;
	    hideActioned: boolean;
	    teamId: string;
	    sort: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new PeopleRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.tab = source["tab"];
	        this.hideActioned = source["hideActioned"];
	        this.teamId = source["teamId"];
	        this.sort = source["sort"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class Shoot {
	    modelId: string;
	    title: string;
	    status: string;
	    stage: string;
	    finished: boolean;
	    favorite: boolean;
	    createdAt: string;
	    finishedAt: string;
	    current: boolean;
	    folder: string;
	
	    static createFrom(source: any = {}) {
	        return new Shoot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.modelId = source["modelId"];
	        this.title = source["title"];
	        this.status = source["status"];
	        this.stage = source["stage"];
	        this.finished = source["finished"];
	        this.favorite = source["favorite"];
	        this.createdAt = source["createdAt"];
	        this.finishedAt = source["finishedAt"];
	        this.current = source["current"];
	        this.folder = source["folder"];
	    }
	}
	export class PersonDetail {
	    person: PersonRow;
	    shoots: Shoot[];
	    photos: GalleryPhoto[];
	    pfpUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new PersonDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.person = this.convertValues(source["person"], PersonRow);
	        this.shoots = this.convertValues(source["shoots"], Shoot);
	        this.photos = this.convertValues(source["photos"], GalleryPhoto);
	        this.pfpUrl = source["pfpUrl"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PhotoCacheResult {
	    freedBytes: number;
	    remainingBytes: number;
	
	    static createFrom(source: any = {}) {
	        return new PhotoCacheResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.freedBytes = source["freedBytes"];
	        this.remainingBytes = source["remainingBytes"];
	    }
	}
	export class PreviewRef {
	    url: string;
	    member: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new PreviewRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.member = source["member"];
	        this.size = source["size"];
	    }
	}
	export class PublishLogLine {
	    email: string;
	    at: string;
	    status: string;
	    error: string;
	    reverted: boolean;
	    hadPhoto: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PublishLogLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.at = source["at"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.reverted = source["reverted"];
	        this.hadPhoto = source["hadPhoto"];
	    }
	}
	export class PublishRowView {
	    status: string;
	    statusWords: string;
	    email: string;
	    name: string;
	    team: string;
	    memberId: string;
	    published: string;
	
	    static createFrom(source: any = {}) {
	        return new PublishRowView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.statusWords = source["statusWords"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.team = source["team"];
	        this.memberId = source["memberId"];
	        this.published = source["published"];
	    }
	}
	export class PublishPlanView {
	    jobId: string;
	    target: string;
	    label: string;
	    where: string;
	    counts: Record<string, number>;
	    rows: PublishRowView[];
	    notes: string[];
	    side: number;
	
	    static createFrom(source: any = {}) {
	        return new PublishPlanView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobId = source["jobId"];
	        this.target = source["target"];
	        this.label = source["label"];
	        this.where = source["where"];
	        this.counts = source["counts"];
	        this.rows = this.convertValues(source["rows"], PublishRowView);
	        this.notes = source["notes"];
	        this.side = source["side"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PublishRunView {
	    id: string;
	    started: string;
	    published: number;
	    failed: number;
	    reverted: number;
	
	    static createFrom(source: any = {}) {
	        return new PublishRunView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.started = source["started"];
	        this.published = source["published"];
	        this.failed = source["failed"];
	        this.reverted = source["reverted"];
	    }
	}
	export class PublishScope {
	    target: string;
	    teamId: string;
	
	    static createFrom(source: any = {}) {
	        return new PublishScope(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.teamId = source["teamId"];
	    }
	}
	export class PublishTarget {
	    name: string;
	    label: string;
	    fields: workflow.TargetField[];
	    demo: boolean;
	    connected: boolean;
	    where: string;
	    inFile: boolean;
	    fromEnv: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PublishTarget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.fields = this.convertValues(source["fields"], workflow.TargetField);
	        this.demo = source["demo"];
	        this.connected = source["connected"];
	        this.where = source["where"];
	        this.inFile = source["inFile"];
	        this.fromEnv = source["fromEnv"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RemindRequest {
	    emails: string[];
	    draft: number;
	
	    static createFrom(source: any = {}) {
	        return new RemindRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.emails = source["emails"];
	        this.draft = source["draft"];
	    }
	}
	export class RemindResult {
	    draft: number;
	    drafts: number;
	    recipients: number;
	    people: number;
	    skipped: jobs.Failure[];
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new RemindResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.draft = source["draft"];
	        this.drafts = source["drafts"];
	        this.recipients = source["recipients"];
	        this.people = source["people"];
	        this.skipped = this.convertValues(source["skipped"], jobs.Failure);
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResendResult {
	    queued: string[];
	    skipped: jobs.Failure[];
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new ResendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.queued = source["queued"];
	        this.skipped = this.convertValues(source["skipped"], jobs.Failure);
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RevertRequest {
	    target: string;
	    runId: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new RevertRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.runId = source["runId"];
	        this.email = source["email"];
	    }
	}
	export class RosterPreviewRow {
	    line: number;
	    email: string;
	    name: string;
	    title: string;
	    team: string;
	    teamId: string;
	    status: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new RosterPreviewRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.title = source["title"];
	        this.team = source["team"];
	        this.teamId = source["teamId"];
	        this.status = source["status"];
	        this.reason = source["reason"];
	    }
	}
	export class RosterPreview {
	    source: string;
	    cancelled: boolean;
	    rows: RosterPreviewRow[];
	    toInvite: number;
	    skipped: number;
	    problems: number;
	    hasTeams: boolean;
	    ignored: string[];
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new RosterPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.cancelled = source["cancelled"];
	        this.rows = this.convertValues(source["rows"], RosterPreviewRow);
	        this.toInvite = source["toInvite"];
	        this.skipped = source["skipped"];
	        this.problems = source["problems"];
	        this.hasTeams = source["hasTeams"];
	        this.ignored = source["ignored"];
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SavedFile {
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	    }
	}
	export class SectionRequest {
	    section: string;
	    search: string;
	    teamId: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new SectionRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.section = source["section"];
	        this.search = source["search"];
	        this.teamId = source["teamId"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class SendInvitesRequest {
	    emails: string[];
	    teamId: string;
	    teamByEmail: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new SendInvitesRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.emails = source["emails"];
	        this.teamId = source["teamId"];
	        this.teamByEmail = source["teamByEmail"];
	    }
	}
	export class SettingsStatus {
	    demo: boolean;
	    keySource: string;
	    maskedKey: string;
	    keychainProblem: string;
	    apiUrl: string;
	    defaultApiUrl: string;
	    apiUrlFromEnv: boolean;
	    dataDir: string;
	    photoCacheBytes: number;
	    photoCacheFiles: number;
	    restart: string;
	    notice: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingsStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.demo = source["demo"];
	        this.keySource = source["keySource"];
	        this.maskedKey = source["maskedKey"];
	        this.keychainProblem = source["keychainProblem"];
	        this.apiUrl = source["apiUrl"];
	        this.defaultApiUrl = source["defaultApiUrl"];
	        this.apiUrlFromEnv = source["apiUrlFromEnv"];
	        this.dataDir = source["dataDir"];
	        this.photoCacheBytes = source["photoCacheBytes"];
	        this.photoCacheFiles = source["photoCacheFiles"];
	        this.restart = source["restart"];
	        this.notice = source["notice"];
	    }
	}
	
	export class SyncStatus {
	    state: string;
	    online: boolean;
	    lastSync: string;
	    lastError: string;
	    errorCode: string;
	    needsConfirmation: boolean;
	    pending: number;
	    needsAttention: number;
	    jobId: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.online = source["online"];
	        this.lastSync = source["lastSync"];
	        this.lastError = source["lastError"];
	        this.errorCode = source["errorCode"];
	        this.needsConfirmation = source["needsConfirmation"];
	        this.pending = source["pending"];
	        this.needsAttention = source["needsAttention"];
	        this.jobId = source["jobId"];
	    }
	}
	export class Team {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Team(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}

}

export namespace jobs {
	
	export class Failure {
	    item: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Failure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.item = source["item"];
	        this.reason = source["reason"];
	    }
	}
	export class Progress {
	    jobId: string;
	    kind: string;
	    seq: number;
	    state: string;
	    phase: string;
	    done: number;
	    total: number;
	    failed: number;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobId = source["jobId"];
	        this.kind = source["kind"];
	        this.seq = source["seq"];
	        this.state = source["state"];
	        this.phase = source["phase"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.failed = source["failed"];
	        this.bytes = source["bytes"];
	    }
	}

}

export namespace workflow {
	
	export class Tab {
	    id: string;
	    label: string;
	    count: number;
	    of: string;
	    hint: string;
	
	    static createFrom(source: any = {}) {
	        return new Tab(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	        this.count = source["count"];
	        this.of = source["of"];
	        this.hint = source["hint"];
	    }
	}
	export class TargetField {
	    key: string;
	    label: string;
	    env: string;
	    secret: boolean;
	    multiline: boolean;
	    help: string;
	
	    static createFrom(source: any = {}) {
	        return new TargetField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.env = source["env"];
	        this.secret = source["secret"];
	        this.multiline = source["multiline"];
	        this.help = source["help"];
	    }
	}
	export class TeamRow {
	    id: string;
	    name: string;
	    oldName: string;
	    members: number;
	    pending: string;
	    pendingMoves: number;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.oldName = source["oldName"];
	        this.members = source["members"];
	        this.pending = source["pending"];
	        this.pendingMoves = source["pendingMoves"];
	        this.problem = source["problem"];
	    }
	}
	export class TeamList {
	    teams: TeamRow[];
	    total: number;
	    unassigned: number;
	
	    static createFrom(source: any = {}) {
	        return new TeamList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.teams = this.convertValues(source["teams"], TeamRow);
	        this.total = source["total"];
	        this.unassigned = source["unassigned"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

