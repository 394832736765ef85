export namespace app {
	
	export class AppInfo {
	    version: string;
	    dataDir: string;
	    demo: boolean;
	    apiUrl: string;
	    os: string;
	
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
	    }
	}
	export class DemoJobRequest {
	    items: number;
	    delayMs: number;
	    failEvery: number;
	
	    static createFrom(source: any = {}) {
	        return new DemoJobRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = source["items"];
	        this.delayMs = source["delayMs"];
	        this.failEvery = source["failEvery"];
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

