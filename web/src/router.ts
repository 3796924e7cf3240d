import { createRouter, createWebHistory } from "vue-router";
import HomePage from "./pages/HomePage.vue";

// Pages other than the home page load on demand, so the first visit downloads only what it shows.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/", component: HomePage },
    { path: "/thu-tuc", component: () => import("./pages/ProcedureSearch.vue") },
    { path: "/thu-tuc/:code", component: () => import("./pages/ProcedurePage.vue"), props: true },
    { path: "/tra-cuu", component: () => import("./pages/LookupPage.vue") },
    // The QR on every printed paper leads here (TT 01/2023): the token is unguessable, the code is not.
    { path: "/tra-cuu/:token", component: () => import("./pages/LookupPage.vue"), props: true },
    { path: "/dang-nhap", component: () => import("./pages/LoginPage.vue") },
    { path: "/dang-ky", component: () => import("./pages/RegisterPage.vue") },
    { path: "/nop-ho-so/:code", component: () => import("./pages/SubmitPage.vue"), props: true },
    { path: "/ho-so", component: () => import("./pages/MyDossiers.vue") },
    { path: "/ho-so/:id", component: () => import("./pages/DossierPage.vue"), props: true },
    { path: "/doi-mat-khau", component: () => import("./pages/ChangePassword.vue") },
    // Hệ thống một cửa điện tử: the officer console and administration (server paths in web_routes.cpp).
    { path: "/can-bo", component: () => import("./pages/console/QueuesPage.vue") },
    { path: "/can-bo/ho-so/:id", component: () => import("./pages/console/ConsoleDossier.vue"), props: true },
    { path: "/can-bo/tiep-nhan", component: () => import("./pages/console/CounterIntake.vue") },
    { path: "/quan-tri", component: () => import("./pages/admin/AdminPage.vue") },
  ],
  scrollBehavior: () => ({ top: 0 }),
});
